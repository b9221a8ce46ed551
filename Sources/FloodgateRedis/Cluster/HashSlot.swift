/// Redis Cluster's hash slots: CRC16 (XMODEM) of the key, or of its hash tag, modulo 16384.
public enum HashSlot {
    /// The number of slots in a cluster.
    public static let count = 16_384

    /// The slot of `key`. When the key holds a non-empty `{...}`, only the text between the first
    /// `{` and the next `}` is hashed, so `fg:{drop-42}:inv` and `fg:{drop-42}:ctl` share a slot.
    public static func of(_ key: String) -> Int {
        Int(crc16(hashTag(of: Array(key.utf8))) & 0x3FFF)
    }

    /// The part of `key` that is hashed: its hash tag, or the whole key.
    static func hashTag(of key: [UInt8]) -> ArraySlice<UInt8> {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")),
            let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        else { return key[...] }
        return key[(open + 1)..<close]
    }

    /// CRC16-CCITT (XMODEM), the checksum Redis Cluster hashes keys with.
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}
