// Prediction speed: pairs per second for 300 + 300-residue partners with one mutation each, scan
// variants per second on one such pair (one thread, the stack), the peak resident memory of a full
// 22,800-variant scan and the wall time of one pair from process start to answer (both through the
// built `twinpeaks` binary), for the network alone and for the stack (network + gradient-boosted trees).

import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksModel
import TwinPeaksTensor

func runPredictBenchmarks() throws {
    print("\n== predict (default configuration, built-in descriptors, untrained weights: speed does not depend on them)")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-bench-model-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let configuration = ModelConfiguration()
    let provider = try DescriptorProvider()
    let network = try TwinPeaksNetwork(configuration: configuration, featureWidth: provider.dimension + 2,
                                       partnerDescriptorWidth: PartnerDescriptors.count,
                                       substitutionDescriptorWidth: SubstitutionDescriptors.count, seed: 1)
    let identity = { (n: Int) in DescriptorStandardizer(mean: [Double](repeating: 0, count: n), standardDeviation: [Double](repeating: 1, count: n)) }
    let assembler = ExampleAssembler(configuration: configuration, builder: PartnerFeatureBuilder(provider: provider),
                                     partnerStandardizer: identity(PartnerDescriptors.count),
                                     substitutionStandardizer: identity(SubstitutionDescriptors.count))
    try ModelCheckpoint(network: network, assembler: assembler).save(network, to: directory + "/member-0.h5")

    var g = SeededGenerator(seed: 4)
    func chain(_ n: Int) -> String { String((0..<n).map { _ in AminoAcid.standard[Int(g.next() % 20)].oneLetter }) }
    let pairs = (0..<40).map { i -> (FASTARecord, FASTARecord, String) in
        let a = chain(300)
        let position = 150
        let wild = Array(a)[position - 1]
        return (FASTARecord(header: "p\(i)", chains: [a]), FASTARecord(header: "q\(i)", chains: [chain(300)]),
                "\(wild)A\(position)\(wild == "A" ? "G" : "A")")
    }
    // The trees and the stack beside the network, as a shipped model with "stack" carries them: the
    // largest trees the tuning grid allows (800 rounds of 31 leaves), fitted on made-up rows.
    for task in [MetricsReport.Task.ddG, .dG] {
        let width = task == .ddG ? SubstitutionDescriptors.count : PartnerDescriptors.count
        let rows = (0..<2_000).map { _ in (0..<width).map { _ in Double(g.next() % 1000) / 100 } }
        var parameters = BoostingParameters()
        parameters.rounds = 800
        parameters.maxLeaves = 31
        try GradientBoostedTrees(fitting: rows, targets: rows.map { $0[0] - $0[1] * 0.5 }, parameters: parameters)
            .save(to: StackFile.treesPath(in: directory, task: task))
    }
    let blend = LinearStack(intercept: 0.1, networkWeight: 0.5, treesWeight: 0.5, rows: 1)
    try StackFile(stacks: ["ddG": blend, "dG": blend], folds: 3, seed: 1, outOfFoldPearson: [:]).write(to: StackFile.path(in: directory))

    for use in [PredictorChoice.network, .stack] {
        let predictor = try EnsemblePredictor(modelDirectory: directory, use: use)
        for threads in [1, 2] {
            _ = try TensorThreads.configure(explicit: threads)
            let start = Date()
            for (a, b, m) in pairs { _ = try predictor.predict(PredictionPair(id: a.header, partner1: a, partner2: b, mutations: [m])) }
            let seconds = Date().timeIntervalSince(start)
            print(String(format: "predict --use %@, %d thread(s): %.1f pairs/s (300 + 300 residues, wild type + 1 mutant each)",
                         use.rawValue, threads, Double(pairs.count) / seconds))
        }
    }
    // A saturation scan of one pair's first 60 positions of partner A (1,140 variants), as `scan` runs
    // it: with the stack, and with the trees answering both tasks (the shipped model since session
    // 14), where no network pass runs.
    _ = try TensorThreads.configure(explicit: 1)
    let scanned = PredictionJob(pairs: [.init(partner1: .success(pairs[0].0), partner2: .success(pairs[0].1), number: 1)]) { id, a, b in
        try ScanPositions(parsing: "A1-60").mutationSets(partner1: a, partner2: b, pair: id)
    }
    for use in [PredictorChoice.stack, .trees] {
        let predictor = try EnsemblePredictor(modelDirectory: directory, use: use)
        var variants = 0
        let scanStart = Date()
        try scanned.run(predictor, blockSize: predictor.mutationBlockSize, shard: nil, emit: { rows in
            variants += rows.filter { !$0.mutations.isEmpty }.count
        }, failed: { print("scan failed: \($0)") })
        let scanSeconds = Date().timeIntervalSince(scanStart)
        print(String(format: "scan --use %@, 1 thread: %.1f variants/s (%d single mutants of a 300 + 300-residue pair)",
                     use.rawValue, Double(variants) / scanSeconds, variants))
    }

    // One pair from process start to answer, through the command-line tool next to this benchmark.
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("twinpeaks")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        print("predict, one pair from process start: skipped (build the twinpeaks product first: make bench does)")
        return
    }
    let fasta = directory + "/pair.fasta"
    try ">p\n\(pairs[0].0.chains[0])\n>q\n\(pairs[0].1.chains[0])\n".write(toFile: fasta, atomically: true, encoding: .utf8)
    for use in [PredictorChoice.network, .stack] {
        var times: [Double] = []
        for _ in 0..<3 {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["predict", "--model", directory, "--pairs", fasta, "--mutation", pairs[0].2, "--use", use.rawValue]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = Date()
            try process.run()
            process.waitUntilExit()
            times.append(Date().timeIntervalSince(start))
        }
        print(String(format: "predict --use %@, one pair from process start to answer: %.0f ms (best of 3)", use.rawValue, 1000 * times.min()!))
    }
    // Peak resident memory of a full scan (both partners, 19 × 600 = 11,400 variants per pair; two
    // copies of the pair, 22,800 variants), measured by GNU time on the binary.
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
        print("scan, peak memory: skipped (no /usr/bin/time; apt-get install time)")
        return
    }
    let twice = directory + "/pairs-twice.fasta"
    try ">p\n\(pairs[0].0.chains[0])\n>q\n\(pairs[0].1.chains[0])\n>p2\n\(pairs[0].0.chains[0])\n>q2\n\(pairs[0].1.chains[0])\n"
        .write(toFile: twice, atomically: true, encoding: .utf8)
    let process = Process(), report = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%M %e", binary.path, "scan", "--model", directory, "--pairs", twice, "--use", "stack",
                         "--output", directory + "/scan.tsv"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = report
    try process.run()
    let text = String(decoding: report.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let fields = text.split(separator: "\n").last?.split(separator: " ") ?? []
    if fields.count == 2, let kilobytes = Double(fields[0]), let seconds = Double(fields[1]) {
        print(String(format: "scan --use stack, 22,800 variants: peak resident memory %.0f MB, %.0f s (%.1f variants/s from process start)",
                     kilobytes / 1024, seconds, 22_800 / seconds))
    } else {
        print("scan, peak memory: could not read /usr/bin/time's report: \(text.suffix(200))")
    }
}
