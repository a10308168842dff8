// The folds table: round trip, the roles, and errors that name the line.
import Foundation
import Testing
import TwinPeaksBio
@testable import TwinPeaksSplit

@Test func foldsTableRoundTripsEveryRole() throws {
    let file = FoldFile(folds: [
        Fold(name: "strict-0", train: ["1CSE_E_I", "PDBbind:1a22"], validation: ["1BRS_A_D"], dropped: ["1AHW_AB_C"]),
        Fold(name: "strict-1", train: ["1BRS_A_D"], validation: ["1CSE_E_I"]),
    ])
    let text = file.tsv()
    #expect(text.hasPrefix("fold\tcomplex_id\trole\nstrict-0\t1BRS_A_D\tval\n"))
    let read = try FoldFile(parsing: text, source: "folds.tsv")
    #expect(read == file)
    #expect(read.fold(named: "strict-0")?.role(of: "1AHW_AB_C") == .dropped)
    #expect(read.fold(named: "strict-1")?.role(of: "1AHW_AB_C") == nil)
}

@Test func foldsTableRejectsAnUnknownRoleWithItsLine() throws {
    let text = "fold\tcomplex_id\trole\ncath\t1A22_A_B\ttrain\ncath\t1BRS_A_D\ttest\n"
    #expect(throws: InputError("f.tsv:3", "role 'test' is not one of train, val, dropped")) {
        try FoldFile(parsing: text, source: "f.tsv")
    }
}

@Test func foldsTableRejectsARepeatedComplexAndAFoldWithoutValidation() throws {
    let repeated = "fold\tcomplex_id\trole\nr\tA\ttrain\nr\tA\tval\n"
    #expect(throws: InputError("f.tsv:3", "complex A is listed twice in fold r")) { try FoldFile(parsing: repeated, source: "f.tsv") }
    let noValidation = "fold\tcomplex_id\trole\nr\tA\ttrain\n"
    #expect(throws: InputError.self) { try FoldFile(parsing: noValidation, source: "f.tsv") }
    #expect(throws: InputError.self) { try FoldFile(parsing: "fold\tcomplex\trole\n", source: "f.tsv") }
}

@Test func randomFoldsAreTheSameForTheSameSeedAndPartitionTheComplexes() {
    let ids = (0..<23).map { "C\($0)" }
    let a = RandomFolds.make(complexIDs: ids, folds: 4, seed: 7), b = RandomFolds.make(complexIDs: ids, folds: 4, seed: 7)
    let c = RandomFolds.make(complexIDs: ids, folds: 4, seed: 8)
    #expect(a.folds == b.folds)
    #expect(a.folds != c.folds)
    #expect(a.folds.folds.flatMap(\.validation).sorted() == ids.sorted())
    for fold in a.folds.folds { #expect(Set(fold.train).isDisjoint(with: fold.validation) && fold.train.count + fold.validation.count == 23) }
}

@Test func foldsTableWithWindowsLineEndsIsReadLikeUnixOne() throws {
    let unix = "fold\tcomplex_id\trole\nf\tA\tval\nf\tB\ttrain\n"
    let windows = try FoldFile(parsing: unix.replacingOccurrences(of: "\n", with: "\r\n"), source: "crlf.tsv")
    #expect(windows == (try FoldFile(parsing: unix, source: "unix.tsv")))
}

@Test func aFoldsFileThatIsNotTextIsNamed() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-folds-\(UUID().uuidString).tsv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data([0x66, 0x6F, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
    #expect { try FoldFile.load(path) } throws: { error in
        "\(error)".contains(path) && "\(error)".contains("not UTF-8 text") && "\(error)".contains("expected a folds table")
    }
}
