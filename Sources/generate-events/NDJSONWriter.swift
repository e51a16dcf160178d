import ServerSentEvents

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes decoder outputs as NDJSON records to a file descriptor, buffered.
struct NDJSONWriter {
    private let fileDescriptor: Int32
    private var buffer: [UInt8] = []

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(64 << 10)
    }

    /// `{"type":…,"data":…,"id":…}` or `{"retry":N}`, then LF.
    mutating func write(_ output: ServerSentEventDecoder.Output) {
        switch output {
        case .event(let event):
            append(#"{"type":"#)
            appendJSONString(event.type)
            append(#","data":"#)
            appendJSONString(event.data)
            append(#","id":"#)
            appendJSONString(event.id ?? "")
            append("}\n")
        case .reconnectionTime(let time):
            let (seconds, attoseconds) = time.components
            append(#"{"retry":"#)
            append(String(seconds * 1000 + attoseconds / 1_000_000_000_000_000))
            append("}\n")
        }
    }

    /// Writes out what is buffered.
    mutating func flush() throws {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { bytes in
                systemWrite(fileDescriptor, bytes.baseAddress! + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("cannot write standard output: \(String(cString: strerror(errno)))")
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// A JSON string literal (RFC 8259): quote, backslash and control characters escaped, the rest
    /// as UTF-8.
    private mutating func appendJSONString(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append(#"\""#)
            case UInt8(ascii: "\\"): append(#"\\"#)
            case 0x0A: append(#"\n"#)
            case 0x0D: append(#"\r"#)
            case 0x09: append(#"\t"#)
            case 0x08: append(#"\b"#)
            case 0x0C: append(#"\f"#)
            case 0x00..<0x20:
                append(#"\u00"#)
                buffer.append(Self.hexDigits[Int(byte >> 4)])
                buffer.append(Self.hexDigits[Int(byte & 0x0F)])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}

/// `write(2)`, under a name that does not clash with ``NDJSONWriter/write(_:)``.
private func systemWrite(_ fileDescriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fileDescriptor, bytes, count)
}
