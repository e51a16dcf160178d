import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP connection to an event stream, as Foundation's `URLSession` delivers it: the
/// response, then its body in chunks as they arrive. The tool's only network code.
enum EventStreamConnection {
    enum Part: Sendable {
        case response(status: Int, contentType: String?)
        case bytes(Data)
    }

    /// Opens `url` with `headers` and hands over the response and the body's chunks; ends when
    /// the server closes the response, or throws when the connection fails. Cancelling the
    /// consuming task closes the connection.
    static func open(
        _ url: URL, headers: [(String, String)], idleTimeout: Duration
    ) -> AsyncThrowingStream<Part, any Error> {
        AsyncThrowingStream { continuation in
            let delegate = Delegate(continuation: continuation)
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = Double(idleTimeout.components.seconds)
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
            var request = URLRequest(url: url)
            request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
            request.setValue("no-cache", forHTTPHeaderField: "Cache-Control")
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let task = session.dataTask(with: request)
            continuation.onTermination = { _ in
                task.cancel()
                session.invalidateAndCancel()
            }
            task.resume()
        }
    }

    private final class Delegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let continuation: AsyncThrowingStream<Part, any Error>.Continuation

        init(continuation: AsyncThrowingStream<Part, any Error>.Continuation) {
            self.continuation = continuation
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
        ) {
            let http = response as? HTTPURLResponse
            continuation.yield(
                .response(
                    status: http?.statusCode ?? 0,
                    contentType: http?.value(forHTTPHeaderField: "Content-Type")))
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            continuation.yield(.bytes(data))
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            continuation.finish(throwing: error)
            session.finishTasksAndInvalidate()
        }
    }
}
