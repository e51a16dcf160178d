#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Measurement {
    let name: String
    let bytes: Int
    let seconds: Double
    let checksum: Int

    var megabytesPerSecond: Double { Double(bytes) / seconds / 1e6 }

    /// `--filter TEXT` runs only the measurements whose name contains TEXT (and the floor).
    static let filter: String? = CommandLine.arguments.firstIndex(of: "--filter").map { CommandLine.arguments[$0 + 1] }

    static func skipped(_ name: String) -> Bool {
        guard let filter else { return false }
        return !name.contains(filter) && !name.hasPrefix("memchr")
    }

    static func best(of runs: Int, _ name: String, bytes: Int, _ body: () -> Int) -> Measurement {
        var best = Double.infinity
        let runs = skipped(name) ? 0 : (filter == nil ? runs : 30)
        var checksum = 0
        for _ in 0..<runs {
            let start = ContinuousClock.now
            checksum = body()
            best = min(best, (ContinuousClock.now - start).seconds)
        }
        return Measurement(name: name, bytes: bytes, seconds: best, checksum: checksum)
    }

    nonisolated static func best(
        of runs: Int, _ name: String, bytes: Int, _ body: () async throws -> Int
    ) async rethrows -> Measurement {
        var best = Double.infinity
        let runs = skipped(name) ? 0 : (filter == nil ? runs : 30)
        var checksum = 0
        for _ in 0..<runs {
            let start = ContinuousClock.now
            checksum = try await body()
            best = min(best, (ContinuousClock.now - start).seconds)
        }
        return Measurement(name: name, bytes: bytes, seconds: best, checksum: checksum)
    }

    /// How many times slower `measured` is than `baseline`, from runs that alternate between
    /// the two and keep each one's best: noise from other work on a shared machine then falls on
    /// both alike, which consecutive best-of runs do not ensure.
    static func pairedRatio(of measured: () -> Int, to baseline: () -> Int, runs: Int = 11) -> Double {
        var best = (measured: Double.infinity, baseline: Double.infinity)
        for _ in 0..<runs {
            var start = ContinuousClock.now
            _ = measured()
            best.measured = min(best.measured, (ContinuousClock.now - start).seconds)
            start = ContinuousClock.now
            _ = baseline()
            best.baseline = min(best.baseline, (ContinuousClock.now - start).seconds)
        }
        return best.measured / best.baseline
    }

    static func lineCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { buffer in
            var count = 0
            var offset = 0
            let base = buffer.baseAddress!
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                count += 1
                offset = base.distance(to: UnsafeRawPointer(found)) + 1
            }
            return count
        }
    }

    static func peakResidentMiB() -> Double {
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / Double(1 << 20)
        #else
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
        #endif
    }

    static func printTable(_ results: [Measurement], events: Int) {
        let floor = results.first { $0.name.hasPrefix("memchr") }!
        func peer(for result: Measurement) -> Measurement? {
            guard result.name.hasPrefix("ours") else { return nil }
            let suffix =
                result.name.hasSuffix("encoder")
                ? "asEncodedServerSentEvents" : String(result.name.split(separator: ", ").last!)
            return results.first { $0.name.hasPrefix("openapi") && $0.name.hasSuffix(suffix) }
        }
        print(
            pad("measurement", 52) + pad("MB/s", 10, right: true) + pad("events/s", 14, right: true)
                + pad("vs openapi", 12, right: true) + pad("memchr ÷", 10, right: true))
        print(String(repeating: "-", count: 98))
        for result in results where result.seconds.isFinite {
            let eventsPerSecond =
                result.name.hasPrefix("memchr") ? "" : format(Double(events) / result.seconds, 0, grouped: true)
            let ratio = peer(for: result).map { format($0.seconds / result.seconds, 1) + "×" } ?? ""
            let floorRatio = result.name.hasPrefix("memchr") ? "1.0×" : format(result.seconds / floor.seconds, 1) + "×"
            print(
                pad(result.name, 52) + pad(format(result.megabytesPerSecond, 0, grouped: true), 10, right: true)
                    + pad(eventsPerSecond, 14, right: true) + pad(ratio, 12, right: true)
                    + pad(floorRatio, 10, right: true)
            )
        }
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    static func format(_ value: Double, _ decimals: Int, grouped: Bool = false) -> String {
        var scaled = value
        for _ in 0..<decimals { scaled *= 10 }
        let rounded = Int(scaled.rounded())
        var integer = String(rounded / Int(pow(10, Double(decimals))))
        if grouped, integer.count > 3 {
            var groupedText = ""
            for (index, character) in integer.reversed().enumerated() {
                if index > 0, index % 3 == 0 { groupedText.append(",") }
                groupedText.append(character)
            }
            integer = String(groupedText.reversed())
        }
        guard decimals > 0 else { return integer }
        let fraction = String(abs(rounded) % Int(pow(10, Double(decimals))))
        return integer + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
