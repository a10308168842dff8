// The kill -9 drill: a real `train` process (2 members, trees) SIGKILLed at several moments. Nothing
// under a final name may be partial, and `--resume` must finish with the files of an uninterrupted run.
import Foundation
import Testing

/// Starts `twinpeaks arguments` and SIGKILLs it the moment `moment()` holds (polled every 0.2 ms);
/// true when it was killed, false when it finished first.
private func run(_ arguments: [String], killingWhen moment: () -> Bool) throws -> Bool {
    let process = Process()
    process.executableURL = productsDirectory.appendingPathComponent("twinpeaks")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    while process.isRunning {
        if moment() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return true
        }
        usleep(200)
    }
    return false
}

@Test func trainKilledAtAnyMomentLosesNothingAndResumesToTheUninterruptedResult() throws {
    let scratch = try Scratch()
    let tiny = try TinyTraining(scratch)
    let reference = try runTwinPeaks(tiny.trainArguments(output: scratch.path("reference")))
    #expect(reference.status == 0, "\(reference.stderr)")
    let expected = try filesUnder(scratch.path("reference"))
    let moments: [(String, String)] = [("after member 0's first checkpoint", "checkpoints/member-0/last.h5"),
                                       ("after member 0's model file", "member-0.h5"),
                                       ("after member 1's first checkpoint", "checkpoints/member-1/last.h5"),
                                       ("after the training log", "training-log.tsv")]
    var killed = 0
    for (index, (moment, file)) in moments.enumerated() {
        let output = scratch.path("run-\(index)")
        let arguments = tiny.trainArguments(output: output)
        if try run(arguments, killingWhen: { FileManager.default.fileExists(atPath: output + "/" + file) }) { killed += 1 }
        // What lies under a final name is complete: the same bytes as the uninterrupted run's.
        for (name, data) in try filesUnder(output) where name != "training-log.tsv" {
            #expect(expected[name] == data, "\(moment): \(name) is under its final name but partial or different")
        }
        let resumed = try runTwinPeaks(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(moment): \(resumed.stderr)")
        let files = try filesUnder(output)
        #expect(files.keys.sorted() == expected.keys.sorted(), "\(moment): \(files.keys.sorted())")
        for (name, data) in expected where name != "training-log.tsv" {
            #expect(files[name] == data, "\(moment): \(name) after --resume differs from the uninterrupted run")
        }
        #expect(untimedLog(files["training-log.tsv"]) == untimedLog(expected["training-log.tsv"]), "\(moment)")
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: output).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(moment): temporaries left: \(leftovers)")
    }
    // The moments come in order during a ~1 s run; the first ones at least must be caught alive.
    #expect(killed >= 2, "only \(killed) of \(moments.count) kills landed before the run finished")
}
