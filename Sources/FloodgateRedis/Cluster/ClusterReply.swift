/// What a cluster node's error reply asks the client to do.
enum ClusterReply: Equatable {
    /// `MOVED slot host:port`: the slot lives on another primary for good.
    case moved(slot: Int, to: ClusterNodeAddress)
    /// `ASK slot host:port`: this one call goes to the node importing the slot, after ASKING.
    case ask(to: ClusterNodeAddress)
    /// `TRYAGAIN`, `CLUSTERDOWN`, `MASTERDOWN`, `LOADING`: the cluster is busy; retry after a pause.
    case busy(String)
    /// `NOSCRIPT`: the node does not hold the script.
    case noScript
    /// Any other reply: the caller's answer.
    case answer

    init(_ reply: RedisReply) {
        guard let message = reply.errorMessage else {
            self = .answer
            return
        }
        let words = message.split(separator: " ")
        switch words.first {
        case "MOVED" where words.count == 3:
            if let slot = Int(words[1]), let node = ClusterNodeAddress(words[2]) {
                self = .moved(slot: slot, to: node)
                return
            }
        case "ASK" where words.count == 3:
            if let node = ClusterNodeAddress(words[2]) {
                self = .ask(to: node)
                return
            }
        case "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "LOADING":
            self = .busy(message)
            return
        case "NOSCRIPT":
            self = .noScript
            return
        default:
            break
        }
        self = .answer
    }
}
