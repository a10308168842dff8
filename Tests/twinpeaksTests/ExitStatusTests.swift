// One exit-status convention for every subcommand (README "Exit status"): 2 for a bad command line,
// with the offending option named, even where a required option is also missing; 1 for bad input.
import Foundation
import Testing

@Test(arguments: ["prepare", "convert-esm2", "embed", "score-esm2", "split", "audit", "train", "predict", "scan", "evaluate", "select", "tabulate"])
func everySubcommandNamesAnUnknownOption(subcommand: String) throws {
    let result = try runTwinPeaks([subcommand, "--bogus"])
    #expect(result.status == 2, "\(subcommand): \(result.stderr)")
    #expect(result.stderr.contains("'--bogus'"), "\(subcommand): \(result.stderr)")
}

@Test func aMissingRequiredValueIsStillNamedWhenNoOptionIsUnknown() throws {
    for (arguments, expected) in [(["convert-esm2", "--output", "x.h5"], "missing --input"),
                                  (["audit"], "expected one <folds> table, got 0"),
                                  (["tabulate"], "give at least one NAME=FOLDER")] {
        let result = try runTwinPeaks(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
    }
}

@Test func embedReportsABadInputFileWithStatusOneLikeTheOtherSubcommands() throws {
    let scratch = try Scratch()
    let missing = try runTwinPeaks(["embed", "--dataset", scratch.path("none"), "--output", scratch.path("e.h5")])
    #expect(missing.status == 1, "\(missing.stderr)")
    #expect(missing.stderr.contains(scratch.path("none") + "/sequences.fasta"), "\(missing.stderr)")
    try scratch.write("bad.fasta", ">a\nMKV9LA\n")
    let bad = try runTwinPeaks(["embed", "--fasta", scratch.path("bad.fasta"), "--output", scratch.path("e.h5")])
    #expect(bad.status == 1, "\(bad.stderr)")
    #expect(bad.stderr.contains("bad.fasta"), "\(bad.stderr)")
    // The same subcommand's command-line mistakes stay status 2.
    let line = try runTwinPeaks(["embed", "--fasta", scratch.path("bad.fasta"), "--storage", "float8"])
    #expect(line.status == 2 && line.stderr.contains("--storage"), "\(line.stderr)")
}
