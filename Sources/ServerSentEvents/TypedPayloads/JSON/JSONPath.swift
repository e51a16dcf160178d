/// The path of a value in a JSON text (`author.name`, `mentions[0]`, `[2].id`), worked out
/// after the fact from the text before the value: readers and writers keep no path while
/// they work, so a path costs nothing until an error needs one.
enum JSONPath {
    private enum Container {
        case object(key: String?)
        case array(index: Int)
    }

    /// Where the prefix ends.
    private enum End {
        /// Where a value starts: after `:`, `[`, or `,` in an array; or at the very start.
        case atValue
        /// Inside or after a value, or where a member name is due: the path is the container's.
        case inContainer
    }

    /// The path of the value that starts where `prefix` ends; when the prefix ends inside or
    /// after a value, or between members, the path of its container. `prefix` is the start of
    /// a text that was well-formed JSON so far.
    static func path(at prefix: UnsafeRawBufferPointer) -> String {
        var stack: [Container] = []
        var end = End.atValue
        var expectsKey = false
        var index = 0
        while index < prefix.count {
            let byte = prefix[index]
            index += 1
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(key: nil))
                (end, expectsKey) = (.inContainer, true)
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
                (end, expectsKey) = (.atValue, false)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                (end, expectsKey) = (.inContainer, false)
            case UInt8(ascii: ","):
                switch stack.last {
                case .object?:
                    stack[stack.count - 1] = .object(key: nil)
                    (end, expectsKey) = (.inContainer, true)
                case .array(let position)?:
                    stack[stack.count - 1] = .array(index: position + 1)
                    end = .atValue
                case nil: break
                }
            case UInt8(ascii: ":"):
                (end, expectsKey) = (.atValue, false)
            case UInt8(ascii: "\""):
                let (text, after, closed) = string(in: prefix, from: index)
                index = after
                if expectsKey, case .object = stack.last {
                    stack[stack.count - 1] = .object(key: text)
                    expectsKey = false
                    end = .inContainer
                } else {
                    // A string value cut off by the end of the prefix is the value in question.
                    end = closed ? .inContainer : .atValue
                }
            case 0x20, 0x09, 0x0A, 0x0D:
                break
            default:
                end = .inContainer  // a number or a literal
            }
        }
        var components: [String] = []
        for (depth, container) in stack.enumerated() {
            let isInnermost = depth == stack.count - 1
            switch container {
            case .object(let key?) where !isInnermost || end == .atValue:
                components.append(components.isEmpty ? key : "." + key)
            case .array(let position) where !isInnermost || end == .atValue:
                components.append("[\(position)]")
            default: break
            }
        }
        return components.joined()
    }

    /// A string's content from just after its opening quote, unescaped; the offset after its
    /// closing quote (or the end of the text), and whether the quote came.
    private static func string(
        in text: UnsafeRawBufferPointer, from start: Int
    ) -> (text: String, after: Int, closed: Bool) {
        var index = start
        while index < text.count, text[index] != UInt8(ascii: "\"") {
            index += text[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < text.count else {
            return (String(decoding: text[start..<text.count], as: UTF8.self), text.count, false)
        }
        var reader = JSONReader(bytes: UnsafeRawBufferPointer(rebasing: text[(start - 1)...index]))
        let content = (try? reader.readString()) ?? String(decoding: text[start..<index], as: UTF8.self)
        return (content, index + 1, true)
    }
}
