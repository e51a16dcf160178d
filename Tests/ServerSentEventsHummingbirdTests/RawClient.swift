#if Hummingbird
import ServerSentEvents

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bare TCP client on loopback, to hold a response open, read it as it streams, and hang up
/// in the middle, which test HTTP clients do not let a test do.
final class RawClient {
    private let descriptor: Int32
    private var received: [UInt8] = []

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect failed") }
        // Non-blocking: a blocking read would hold one of the few cooperative threads the
        // server under test needs to answer.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL, 0) | O_NONBLOCK)
    }

    func send(_ text: String) throws {
        var bytes = Array(text.utf8)
        guard write(descriptor, &bytes, bytes.count) == bytes.count else { throw Failure(description: "write failed") }
    }

    /// Reads until the text received so far contains `marker` (within 20 seconds); returns all of it.
    func read(until marker: String) async throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + .seconds(20)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                received += buffer[..<count]
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                throw Failure(
                    description:
                        "no \(marker.debugDescription) in \(String(decoding: received, as: UTF8.self).debugDescription)"
                )
            }
        }
        return String(decoding: received, as: UTF8.self)
    }

    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}

extension ServerSentEventHub {
    /// Waits until `topic` has no subscribers (a server noticed its clients left), for up to
    /// 20 s; the count then.
    func subscribersAfterRelease(topic: String) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(20)
        while subscriberCount(topic: topic) > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return subscriberCount(topic: topic)
    }
}
#endif  // Hummingbird
