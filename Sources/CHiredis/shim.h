#ifndef FLOODGATE_CHIREDIS_SHIM_H
#define FLOODGATE_CHIREDIS_SHIM_H

// Debian 12 ships hiredis 0.14 (RESP2). Floodgate uses only its reply reader; commands are
// formatted in Swift (FloodgateRedis' RedisCommandEncoder) and the network side is SwiftNIO's.
#include <hiredis/hiredis.h>
#include <hiredis/read.h>

/// The reader's error text (`redisReaderGetError` is a macro in some versions).
static inline const char *fg_reader_error(const redisReader *reader) {
    return reader->errstr;
}

/// Element `index` of an array reply; Swift sees `element` as a pointer to pointers.
static inline const redisReply *fg_reply_element(const redisReply *reply, size_t index) {
    return reply->element[index];
}

#endif
