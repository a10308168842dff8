// `train --fold F --folds FILE` on folds of another dataset: an error that lists the complex ids
// the dataset lacks, instead of training silently on whatever overlaps.
import Foundation
import Testing

@Test func trainingOnFoldsNamingUnknownComplexesListsThem() throws {
    let scratch = try Scratch()
    let tiny = try TinyTraining(scratch)
    let folds = try scratch.write("folds.tsv", "fold\tcomplex_id\trole\n"
                                  + "f1\t1ABC_A_B\ttrain\nf1\tPDBbind:2abc\ttrain\nf1\t9ZZZ_A_B\ttrain\nf1\tPDBbind:3abc\tval\n"
                                  + "f1\tPDBbind:0zzz\tdropped\n")
    let result = try runTwinPeaks(tiny.trainArguments(output: scratch.path("model"), extra: ["--fold", "f1", "--folds", folds]))
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains(folds) && result.stderr.contains("fold f1 names 2 complex id(s) not in"), "\(result.stderr)")
    #expect(result.stderr.contains("9ZZZ_A_B") && result.stderr.contains("PDBbind:0zzz"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: scratch.path("model/member-0.h5")))
}

@Test func trainingOnFoldsOfThisDatasetTrainsOnTheTrainingSide() throws {
    let scratch = try Scratch()
    let tiny = try TinyTraining(scratch)
    let folds = try scratch.write("folds.tsv", "fold\tcomplex_id\trole\n"
                                  + "f1\t1ABC_A_B\ttrain\nf1\tPDBbind:2abc\ttrain\nf1\tPDBbind:4abc\ttrain\nf1\tPDBbind:3abc\tval\n")
    let result = try runTwinPeaks(tiny.trainArguments(output: scratch.path("model"), extra: ["--fold", "f1", "--folds", folds]))
    #expect(result.status == 0, "\(result.stderr)")
    let provenance = try scratch.read("model/provenance.json")
    #expect(provenance.contains("\"fit_complexes\" : \"3\""), "\(provenance)")
}
