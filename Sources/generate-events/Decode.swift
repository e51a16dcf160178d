import ArgumentParser
import ServerSentEvents

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `generate-events decode`: standard input's `text/event-stream` bytes → NDJSON.
struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode a text/event-stream from standard input into NDJSON, one record a line.",
        discussion: """
            Prints {"type":…,"data":…,"id":…} for each dispatched event (id is the last event ID \
            at dispatch, "" when none) and {"retry":N} for each valid retry field, in stream order. \
            Reads and prints as the bytes arrive, so it can follow a live stream \
            (curl -N URL | generate-events decode).
            """
    )

    @Option(help: "The longest line accepted, in bytes.")
    var maxLineLength = ServerSentEventDecoder.Limits.default.maximumLineLength

    @Option(help: "The most data one event may gather, in bytes.")
    var maxEventSize = ServerSentEventDecoder.Limits.default.maximumEventSize

    func validate() throws {
        guard maxLineLength > 0, maxEventSize > 0 else {
            throw ValidationError("--max-line-length and --max-event-size must be positive.")
        }
    }

    func run() throws {
        var decoder = ServerSentEventDecoder(
            limits: .init(maximumLineLength: maxLineLength, maximumEventSize: maxEventSize)
        )
        var output = NDJSONWriter(fileDescriptor: STDOUT_FILENO)
        let chunkSize = 64 << 10
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        do {
            while true {
                let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, chunkSize) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CommandFailure("cannot read standard input: \(String(cString: strerror(errno)))")
                }
                if count == 0 { break }
                try decoder.decode(chunk[..<count]) { output.write($0) }
                try output.flush()
            }
            decoder.finish()
            try output.flush()
        } catch let error as ServerSentEventDecodingError {
            try? output.flush()
            throw CommandFailure(error.description).reported()
        } catch let error as CommandFailure {
            throw error.reported()
        }
    }
}

/// An error the CLI reports as `error: message` and exit status 1, without a backtrace.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }

    /// Prints `error: message` on standard error, the compilers' format, and returns exit status 1.
    func reported() -> ExitCode {
        var line = Array("error: \(description)\n".utf8)
        _ = line.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        return .failure
    }
}
