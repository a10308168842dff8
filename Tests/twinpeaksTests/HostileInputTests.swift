// Hostile input against the built binary: each case once killed the process (issue 16) or gave an
// error that named neither the file nor what was expected. Every one must now exit 1 (bad input)
// or 2 (bad command line), or give the right answer where the input is valid.
import CHDF5
import Foundation
import Testing
import TwinPeaksTensor

private let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
private let referenceModel = packageRoot.appendingPathComponent("Reference/models/twinpeaks-descriptors").path

private func predict(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    try runTwinPeaks(["predict", "--model", referenceModel] + arguments)
}

// 1. Two 100,000-residue poly-K partners: the ΔG head's wide path read the charge product
// (10¹⁰) far outside training; ΔG was +529,339 kcal/mol, Kd inf, and JSON Lines trapped.
@Test func hugePolyLysinePartnersGiveAFiniteBoundedPrediction() throws {
    let scratch = try Scratch()
    let polyK = String(repeating: "K", count: 100_000)
    let pairs = try scratch.write("polyk.fasta", ">p1\n\(polyK)\n>p2\n\(polyK)\n")
    for format in ["tsv", "jsonl"] {
        let result = try predict(["--use", "network", "--pairs", pairs, "--format", format])
        #expect(result.status == 0, "\(format): \(result.stderr)")
        let numbers = result.stdout.split(whereSeparator: { "\t,:{}\n".contains($0) }).compactMap { Double($0) }
        #expect(!numbers.isEmpty && numbers.allSatisfy(\.isFinite), "\(result.stdout)")
        #expect(!result.stdout.contains("inf") && !result.stdout.contains("nan"))
        if format == "jsonl" {
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let deltaG = object?["dg_kcal_per_mol"] as? Double ?? .nan
            // Binding free energies of real complexes lie within about −25 … 0 kcal/mol.
            #expect(abs(deltaG) < 50, "ΔG \(deltaG)")
        }
    }
}

// 2. Many unnamed chains: internal chain ids overflowed a byte (≥ 160 chains) or collided
// between the partners (14 chains), leaking "chain ids abcdefghijklmnno repeat".
@Test func partnersOfManyUnnamedChainsArePredictedAndTooManyAreNamed() throws {
    let scratch = try Scratch()
    func partner(_ chain: String, _ count: Int) -> String { Array(repeating: chain, count: count).joined(separator: ":") }
    let pairs = try scratch.write("many.fasta", """
    >wide
    \(partner("MKVLA", 200))
    >wide2
    \(partner("GSHMW", 160))
    >fourteen
    \(partner("MKVLA", 14))
    >three
    \(partner("GSHMW", 3))
    >toomany
    \(partner("MKV", 1001))
    >mate
    GSHMW

    """)
    let result = try predict(["--pairs", pairs, "--mutation", "KA2A,MB4A"])
    #expect(result.status == 1, "\(result.stderr)")
    let rows = result.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
    #expect(rows.count == 4, "wide and fourteen, wild type and mutant: \(result.stdout)")
    #expect(result.stderr.contains("pair toomany") && result.stderr.contains("1001 ':'-separated chains; expected at most 1000"),
            "\(result.stderr)")
    #expect(!result.stderr.contains("repeat"))
}

@Test func aDeclaredChainIdThatIsNotALetterIsNamed() throws {
    let scratch = try Scratch()
    let pairs = try scratch.write("h1.fasta", ">ab chains=H1\nMKVLA:GSHMW\n>ag\nPEPTIDE\n")
    let result = try predict(["--pairs", pairs])
    #expect(result.status == 1)
    #expect(result.stderr.contains("pair ab") && result.stderr.contains("chains=H1: '1' is not a chain id; expected one letter"),
            "\(result.stderr)")
}

/// A copy of the reference model whose first member declares one parameter as `shape`, sparse.
private func modelDeclaring(_ shape: [UInt64], in scratch: Scratch) throws -> (folder: String, member: String) {
    let folder = scratch.path("model")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let member = folder + "/member-0.h5"
    try FileManager.default.copyItem(atPath: referenceModel + "/member-0.h5", toPath: member)
    let name = try HDF5File(opening: member).members(of: "parameters")[0]
    _ = tp_h5_init()
    H5Eset_auto2(0, nil, nil)
    let file = H5Fopen(member, 0x0001, tp_h5p_default())
    H5Ldelete(file, "parameters/" + name, tp_h5p_default())
    var dims = shape.map { hsize_t($0) }
    let space = H5Screate_simple(Int32(dims.count), &dims, nil)
    let dcpl = H5Pcreate(tp_h5p_dataset_create())
    var chunk = shape.map { _ in hsize_t(1) }
    H5Pset_chunk(dcpl, Int32(chunk.count), &chunk)
    let dataset = H5Dcreate2(file, "parameters/" + name, tp_h5t_native_float(), space, tp_h5p_default(), dcpl, tp_h5p_default())
    #expect(dataset >= 0)
    H5Dclose(dataset); H5Pclose(dcpl); H5Sclose(space); H5Fclose(file)
    return (folder, member)
}

// 3a. A model member declaring a 10⁶×10⁶ or 2⁴⁰×2⁴⁰ tensor: multi-terabyte allocation or overflow.
@Test(arguments: [[1_000_000, 1_000_000], [1 << 40, 1 << 40]] as [[UInt64]])
func aModelMemberDeclaringAHugeTensorIsRefused(shape: [UInt64]) throws {
    let scratch = try Scratch()
    let (folder, member) = try modelDeclaring(shape, in: scratch)
    let pairs = try scratch.write("p.fasta", ">a\nMKVLAAGIVG\n>b\nGSHMWEPEPT\n")
    let result = try runTwinPeaks(["predict", "--model", folder, "--use", "network", "--pairs", pairs])
    #expect(result.status == 1)
    #expect(result.stderr.contains(member) && result.stderr.contains("shape [\(shape[0]), \(shape[1])] in the file, expected"),
            "\(result.stderr)")
}

/// The embed fixture: a dataset of two chains and an import file made by `body`.
private func importCheck(_ scratch: Scratch, _ body: (String) throws -> Void) throws -> (status: Int32, stdout: String, stderr: String) {
    try FileManager.default.createDirectory(atPath: scratch.path("dataset"), withIntermediateDirectories: true)
    // Keys: MD5 of the sequences (coreutils md5sum).
    try scratch.write("dataset/sequences.fasta", ">78f24a5d046064dc4f4b7bf0b4386891\nMKVLA\n>20f779c86e179c0ca9ed5c035277d2a5\nGSHMWE\n")
    try body(scratch.path("import.h5"))
    return try runTwinPeaks(["embed", "--dataset", scratch.path("dataset"), "--output", scratch.path("e.h5"),
                             "--import", scratch.path("import.h5"), "--format", "plain", "--check"])
}

// 3b and 4. Imports of [L, 10⁹], [L, 2⁵⁸] and [L, 0]: allocation, overflow, or a nil unwrap.
@Test(arguments: [1_000_000_000, 1 << 58, 0] as [UInt64])
func anImportWithAnImpossibleDimensionIsNamed(dimension: UInt64) throws {
    let scratch = try Scratch()
    let result = try importCheck(scratch) { path in
        do {
            let file = try HDF5File(creating: path)
            if dimension == 0 {
                try file.write([], shape: [5, 0], to: "78f24a5d046064dc4f4b7bf0b4386891")
                try file.write([], shape: [6, 0], to: "20f779c86e179c0ca9ed5c035277d2a5")
            }
        }
        if dimension > 0 {
            declareSparse("78f24a5d046064dc4f4b7bf0b4386891", shape: [5, dimension], in: path)
            declareSparse("20f779c86e179c0ca9ed5c035277d2a5", shape: [6, dimension], in: path)
        }
    }
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("import.h5: key '78f24a5d046064dc4f4b7bf0b4386891'")
            && result.stdout.contains("dimension \(dimension) for sequence") && result.stdout.contains("expected 1 … 65536"),
            "\(result.stdout)")
}

/// A dataset declared with `shape` and nothing written (chunked, so HDF5 allocates nothing).
private func declareSparse(_ name: String, shape: [UInt64], in path: String) {
    _ = tp_h5_init()
    H5Eset_auto2(0, nil, nil)
    let file = H5Fopen(path, 0x0001, tp_h5p_default())
    var dims = shape.map { hsize_t($0) }
    let space = H5Screate_simple(Int32(dims.count), &dims, nil)
    let dcpl = H5Pcreate(tp_h5p_dataset_create())
    var chunk = shape.map { _ in hsize_t(1) }
    H5Pset_chunk(dcpl, Int32(chunk.count), &chunk)
    let dataset = H5Dcreate2(file, name, tp_h5t_native_float(), space, tp_h5p_default(), dcpl, tp_h5p_default())
    H5Dclose(dataset); H5Pclose(dcpl); H5Sclose(space); H5Fclose(file)
}

// 5. --merge-shards 9223372036854775807 aborted after 41 s; 100000000 ran for minutes.
@Test(arguments: ["9223372036854775807", "100000000", "0"])
func anAbsurdShardCountIsRefusedAtOnce(count: String) throws {
    let scratch = try Scratch()
    let result = try runTwinPeaks(["predict", "--output", scratch.path("out.tsv"), "--merge-shards", count])
    #expect(result.status == 2)
    #expect(result.stderr.contains("--merge-shards \(count): expected a shard count of 1 … 1000000"), "\(result.stderr)")
    let embed = try runTwinPeaks(["embed", "--dataset", scratch.root, "--output", scratch.path("e.h5"), "--merge-shards", count])
    #expect(embed.status == 2 && embed.stderr.contains("--merge-shards \(count)"), "\(embed.stderr)")
}

@Test func aShardFileThatIsNotTextIsNamed() throws {
    let scratch = try Scratch()
    let output = scratch.path("out.tsv")
    try Data([0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x0A]).write(to: URL(fileURLWithPath: output + ".shard-1-of-1"))
    let result = try runTwinPeaks(["predict", "--output", output, "--merge-shards", "1"])
    #expect(result.status == 1)
    #expect(result.stderr.contains(output + ".shard-1-of-1: not UTF-8 text") && result.stderr.contains("expected a tsv prediction table"),
            "\(result.stderr)")
}

// 6. stdout to a full disk (/dev/full) trapped in FileHandle.write (exit 132).
@Test func aFullStandardOutputIsAnErrorNotATrap() throws {
    let examples = packageRoot.appendingPathComponent("Reference/examples").path
    let process = Process()
    process.executableURL = productsDirectory.appendingPathComponent("twinpeaks")
    process.arguments = ["predict", "--model", referenceModel, "--partner1", examples + "/partner1.fasta",
                         "--partner2", examples + "/partner2.fasta"]
    guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }  // not Linux
    let errors = Pipe()
    process.standardOutput = full
    process.standardError = errors
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(stderr.contains("stdout: cannot write: No space left on device"), "\(stderr)")
}

@Test func anOutputThatIsAFolderIsNamedAndNothingIsLeftBehind() throws {
    let scratch = try Scratch()
    let examples = packageRoot.appendingPathComponent("Reference/examples").path
    try FileManager.default.createDirectory(atPath: scratch.path("out"), withIntermediateDirectories: true)
    let result = try predict(["--partner1", examples + "/partner1.fasta", "--partner2", examples + "/partner2.fasta",
                              "--output", scratch.path("out")])
    #expect(result.status == 1)
    #expect(result.stderr.contains(scratch.path("out") + ": is a folder; expected the path of a file to write"), "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.root) == ["out"])
}

// 7. Configuration keys without bounds aborted in allocation after the run started; unknown keys
// were silently ignored.
@Test(arguments: [
    ("{\"epoch\": 3}", "unknown key 'epoch'"),
    ("{\"widht\": 64}", "unknown key 'widht'"),
    ("{\"maxResidues\": 1e12}", "maxResidues 1000000000000: expected 8 … 65536"),
    ("{\"width\": 1099511627776, \"heads\": 1}", "width 1099511627776: expected 1 … 4096"),
    ("{\"learningRate\": -1}", "learningRate -1.0: expected more than 0.0"),
    ("{\"width\": \"wide\"}", "key 'width': expected a number"),
    ("{\"weightAverageEpochs\": -0.5}", "weightAverageEpochs -0.5: expected from 0.0 up to 1000.0"),
    ("{\"deltaGHingesOnly\": true}", "deltaGHingesOnly keeps the hinges to the ΔG wide path: it needs wideHinges > 0"),
])
func aBadConfigurationIsRefusedBeforeWorkBegins(json: String, expected: String) throws {
    let scratch = try Scratch()
    let config = try scratch.write("config.json", json)
    // No dataset: the configuration must be checked first.
    for command in ["train", "evaluate"] {
        let extra = command == "evaluate" ? ["--split", "x=" + scratch.path("folds.tsv")] : []
        let result = try runTwinPeaks([command, "--config", config, "--dataset", scratch.path("missing")] + extra)
        #expect(result.status == 1)
        #expect(result.stderr.contains(config) && result.stderr.contains(expected), "\(command): \(result.stderr)")
    }
}

// Unclear errors made clear.
@Test func fastaWithAByteOrderMarkOrClassicMacLineEndsIsRead() throws {
    let scratch = try Scratch()
    let bom = try scratch.write("bom.fasta", "\u{FEFF}>a\nMKVLAAGIVG\n>b\nGSHMWEPEPT\n")
    let cr = try scratch.write("cr.fasta", ">a\rMKVLAAGIVG\r>b\rGSHMWEPEPT\r")
    let plain = try predict(["--pairs", try scratch.write("plain.fasta", ">a\nMKVLAAGIVG\n>b\nGSHMWEPEPT\n")])
    for file in [bom, cr] {
        let result = try predict(["--pairs", file])
        #expect(result.status == 0, "\(file): \(result.stderr)")
        #expect(result.stdout == plain.stdout)
    }
}

@Test func aGzNameOnAFileThatIsNotGzipIsNamed() throws {
    let scratch = try Scratch()
    let file = scratch.path("pairs.fasta.gz")
    try Data([0x1F, 0x8C, 0xFF, 0x00, 0xD8, 0x3E, 0x61, 0x0A]).write(to: URL(fileURLWithPath: file))  // not quite gzip
    let result = try predict(["--pairs", file])
    #expect(result.status == 1)
    #expect(result.stderr.contains(file + ": the name ends in .gz but the content is neither gzip data nor text"), "\(result.stderr)")
}

@Test func badCommandLinesExit2AndNameTheProblem() throws {
    let scratch = try Scratch()
    let cases: [([String], String)] = [
        (["predict", "--bogus"], "unknown option or argument '--bogus'"),
        (["predict", "--threads", "-1", "--pairs", "x.fasta"], "--threads -1: expected 1 … 1024"),
        (["train", "--ensemble", "100000"], "--ensemble 100000: expected 1 … 1000"),
        (["train", "--stack-folds", "1"], "--stack-folds 1: expected 0 (no stack) or at least 2 folds"),
    ]
    for (arguments, expected) in cases {
        let result = try runTwinPeaks(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
    }
    let split = try runTwinPeaks(["evaluate", "--split", "x=" + scratch.path("folds.tsv") + ":bogus", "--dataset", scratch.path("none")])
    #expect(split.status == 1)
    #expect(split.stderr.contains("task 'bogus' after ':' is not dG or ddG"), "\(split.stderr)")
}

@Test func selectOnAnEmptyFolderSaysWhatIsMissing() throws {
    let scratch = try Scratch()
    let result = try runTwinPeaks(["select", "--model", scratch.root, "--metrics", scratch.path("metrics.json")])
    #expect(result.status == 1)
    #expect(result.stderr.contains(scratch.root + ": holds no member-k.h5 model files and no trees"), "\(result.stderr)")
}

// libhdf5 1.10.8 itself crashes on some corrupted files (`make fuzz`; Fuzz/KnownCrashes/hdf5): one
// of them dies with SIGSEGV even without the address sanitizer. Every HDF5 file is first read
// through by `check-hdf5` in a child process, so predict names the file and exits 1.
private let knownHDF5Crashes: [String] = {
    let folder = packageRoot.appendingPathComponent("Fuzz/KnownCrashes/hdf5").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map { folder + "/" + $0 }
}()

@Test func aModelMemberThatCrashesLibHDF5IsNamedAndTheProcessLives() throws {
    #expect(knownHDF5Crashes.count == 4)
    let scratch = try Scratch()
    let folder = scratch.path("model")
    try FileManager.default.copyItem(atPath: referenceModel, toPath: folder)
    try FileManager.default.removeItem(atPath: folder + "/evaluation")
    let pairs = try scratch.write("p.fasta", ">a\nMKVLAAGIVG\n>b\nGSHMWEPEPT\n")
    let cache = ["XDG_CACHE_HOME": scratch.path("cache")]
    // The intact model is checked once; the stamps let the next run skip the child.
    let intact = try runTwinPeaks(["predict", "--model", folder, "--pairs", pairs], environment: cache)
    #expect(intact.status == 0, "\(intact.stderr)")
    let stamps = try FileManager.default.contentsOfDirectory(atPath: scratch.path("cache/twinpeaks/hdf5-checked"))
    #expect(stamps.count == 3)
    var crashedTheChild = 0
    for crash in knownHDF5Crashes {
        // Written over a member that passed: its stamp no longer matches, so it is checked again.
        let member = folder + "/member-1.h5"
        try FileManager.default.removeItem(atPath: member)
        try FileManager.default.copyItem(atPath: crash, toPath: member)
        let child = try runTwinPeaks(["check-hdf5", crash], environment: ["SWIFT_BACKTRACE": "enable=no"])
        let result = try runTwinPeaks(["predict", "--model", folder, "--pairs", pairs], environment: cache)
        #expect(result.status == 1, "\(crash): \(result.stderr)")
        #expect(result.stderr.contains(member), "\(result.stderr)")
        if child.status != 0 {
            crashedTheChild += 1
            #expect(result.stderr.contains("libhdf5 crashed reading this file") && result.stderr.contains("Expected an intact HDF5 file"),
                    "\(result.stderr)")
        }
    }
    // With Debian 12's libhdf5 at least one input still crashes it; a fixed library would make this 0.
    #expect(crashedTheChild >= 1, "no known crash input crashes check-hdf5: is libhdf5 fixed? Then drop this expectation")
}

@Test func anImportThatCrashesLibHDF5IsNamed() throws {
    let scratch = try Scratch()
    for crash in knownHDF5Crashes {
        let result = try importCheck(scratch) { path in
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: crash, toPath: path)
        }
        #expect(result.status == 1, "\(crash): \(result.stderr)")
        #expect((result.stderr + result.stdout).contains(scratch.path("import.h5")), "\(result.stderr)")
    }
}

@Test func treesReadingStructureAreRefusedWhereTheyCannotBeHonest() throws {
    // Out-of-fold structure predictions exist only inside a stack's inner folds, and `predict`
    // does not read them yet: both refusals come before any data is read.
    let scratch = try Scratch()
    let config = try scratch.write("trees.json", #"{"interfaceLossWeight": 1, "treesReadStructure": true}"#)
    let evaluate = try runTwinPeaks(["evaluate", "--config", config, "--dataset", scratch.path("none"),
                                     "--split", "x=" + scratch.path("folds.tsv")])
    #expect(evaluate.status != 0)
    #expect(evaluate.stderr.contains("add --stack-folds 3"), "\(evaluate.stderr)")
    let train = try runTwinPeaks(["train", "--config", config, "--dataset", scratch.path("none"), "--output", scratch.path("model")])
    #expect(train.status != 0)
    #expect(train.stderr.contains("predict` do not read structure predictions yet"), "\(train.stderr)")
    #expect(!FileManager.default.fileExists(atPath: scratch.path("model")))
}
