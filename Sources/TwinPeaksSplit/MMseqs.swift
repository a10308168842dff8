// Runs MMseqs2 (Debian package `mmseqs2`) through Foundation's Process in a temporary folder:
// clustering at an identity and coverage, and sensitive searches of queries against targets.
import Foundation
import TwinPeaksBio

public struct MMseqs: Sendable {
    /// The `mmseqs` executable: a path, or a name looked up on PATH.
    public var executable: String
    public var threads: Int

    public init(executable: String = "mmseqs", threads: Int = 2) {
        self.executable = executable
        self.threads = threads
    }

    /// Clusters the sequences (`easy-cluster`, greedy set cover, coverage of query and target) and
    /// returns, for each input index, the index of its cluster's representative.
    public func cluster(_ sequences: [String], identity: Double, coverage: Double) throws -> [Int] {
        if sequences.isEmpty { return [] }
        return try withWorkFolder { folder in
            let input = folder.appendingPathComponent("in.fasta")
            try MMseqs.fasta(sequences).write(to: input, atomically: false, encoding: .utf8)
            let prefix = folder.appendingPathComponent("out").path
            try run(["easy-cluster", input.path, prefix, folder.appendingPathComponent("tmp").path,
                     "--min-seq-id", "\(identity)", "-c", "\(coverage)", "--cov-mode", "0"])
            let table = try String(contentsOfFile: prefix + "_cluster.tsv", encoding: .utf8)
            var representative = Array(0..<sequences.count)
            for line in table.split(separator: "\n") {
                let fields = line.split(separator: "\t")
                guard fields.count == 2, let rep = MMseqs.index(fields[0]), let member = MMseqs.index(fields[1]) else {
                    throw InputError("mmseqs easy-cluster", "unexpected cluster line '\(line)'")
                }
                representative[member] = rep
            }
            return representative
        }
    }

    /// Every alignment of a query against a target with E-value at most `maxEValue`, from a sensitive
    /// prefilter (`-s sensitivity`) that passes every target (`--max-seqs` = number of targets).
    public func search(queries: [String], targets: [String], sensitivity: Double = 7.5,
                       maxEValue: Double = 1e-3) throws -> [SequenceHit] {
        if queries.isEmpty || targets.isEmpty { return [] }
        return try withWorkFolder { folder in
            let queryFile = folder.appendingPathComponent("query.fasta")
            let targetFile = folder.appendingPathComponent("target.fasta")
            try MMseqs.fasta(queries).write(to: queryFile, atomically: false, encoding: .utf8)
            try MMseqs.fasta(targets).write(to: targetFile, atomically: false, encoding: .utf8)
            let output = folder.appendingPathComponent("hits.m8")
            try run(["easy-search", queryFile.path, targetFile.path, output.path, folder.appendingPathComponent("tmp").path,
                     "-s", "\(sensitivity)", "--max-seqs", "\(max(targets.count, 300))", "-e", "\(maxEValue)",
                     "--format-output", "query,target,fident,qstart,qend,qlen,tstart,tend,tlen,evalue"])
            let table = try String(contentsOfFile: output.path, encoding: .utf8)
            var hits: [SequenceHit] = []
            for line in table.split(separator: "\n") {
                let f = line.split(separator: "\t").map(String.init)
                guard f.count == 10, let q = MMseqs.index(f[0]), let t = MMseqs.index(f[1]), let identity = Double(f[2]),
                      let qs = Int(f[3]), let qe = Int(f[4]), let ql = Int(f[5]), let ts = Int(f[6]), let te = Int(f[7]),
                      let tl = Int(f[8]), let e = Double(f[9]) else {
                    throw InputError("mmseqs easy-search", "unexpected result line '\(line)'")
                }
                hits.append(SequenceHit(query: q, target: t, identity: identity, queryStart: qs, queryEnd: qe, queryLength: ql,
                                        targetStart: ts, targetEnd: te, targetLength: tl, eValue: e))
            }
            return hits
        }
    }

    /// The version MMseqs2 reports, for provenance.
    public func version() throws -> String {
        try run(["version"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - process plumbing

    private static func fasta(_ sequences: [String]) -> String {
        var text = ""
        for (index, sequence) in sequences.enumerated() { text += ">s\(index)\n\(sequence)\n" }
        return text
    }

    private static func index<S: StringProtocol>(_ name: S) -> Int? {
        name.first == "s" ? Int(name.dropFirst()) : nil
    }

    private func withWorkFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("twinpeaks-mmseqs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    private func resolvedExecutable() throws -> String {
        if executable.contains("/") {
            if FileManager.default.isExecutableFile(atPath: executable) { return executable }
        } else {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(executable)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw InputError(executable, "MMseqs2 is not installed or not on PATH; install the Debian package mmseqs2 (apt-get install mmseqs2, or make setup)")
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolvedExecutable())
        let common = arguments.first == "version" ? [] : ["--threads", "\(threads)", "-v", "1"]
        process.arguments = arguments + common
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Drain both pipes while the process runs, so a full pipe cannot block it.
        let collected = MMseqs.drain(output, errors)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: collected.errors.suffix(2000), as: UTF8.self)
            throw InputError("mmseqs \(arguments[0])", "failed with status \(process.terminationStatus): \(message)")
        }
        return String(decoding: collected.output, as: UTF8.self)
    }

    private static func drain(_ output: Pipe, _ errors: Pipe) -> (output: Data, errors: Data) {
        final class Box: @unchecked Sendable { var data = Data() }
        let errorBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBox.data = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        return (out, errorBox.data)
    }
}
