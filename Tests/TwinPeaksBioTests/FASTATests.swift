// FASTA: multi-line records, lower case, gzip, `:`-joined chains; bad records name file and record.
import Testing
@testable import TwinPeaksBio

@Test func readsMultiLineLowerCaseRecordsWithJoinedChains() throws {
    let text = """
    >antibody heavy and light chains
    evqlvesgg
    glvq:
    DIQMTQ
    >antigen
    MKV
    lx

    """
    let records = try FASTAFile.parse(TextFile(name: "pair.fasta", text: text))
    #expect(records.count == 2)
    #expect(records[0].identifier == "antibody" && records[0].header == "antibody heavy and light chains")
    #expect(records[0].chains == ["EVQLVESGGGLVQ", "DIQMTQ"])
    #expect(records[0].sequence == "EVQLVESGGGLVQ:DIQMTQ")
    #expect(records[1].chains == ["MKVLX"])
}

@Test func readsGzipFastaAndWritesItBackWrapped() throws {
    let directory = try TemporaryDirectory()
    let records = [FASTARecord(header: "a", chains: [String(repeating: "ACDEFGHIKL", count: 13)]),
                   FASTARecord(header: "b", chains: ["MK", "VL"])]
    let text = FASTAFile.format(records, width: 60)
    #expect(text.split(separator: "\n").map(\.count) == [2, 60, 60, 10, 2, 5])
    let path = try directory.gzip(try directory.write("two.fasta", text))
    #expect(try FASTAFile.read(path: path) == records)
}

@Test func anUnknownCharacterNamesTheFileLineAndRecord() {
    let text = ">first\nMKV\n>second\nMKV\nMJV\n"
    #expect { try FASTAFile.parse(TextFile(name: "bad.fasta", text: text)) } throws: { error in
        let message = (error as? InputError)?.description ?? ""
        return message.hasPrefix("bad.fasta:5: record second:") && message.contains("'J'")
    }
}

@Test func anEmptyRecordOrChainIsAnErrorNamingTheRecord() {
    for (text, needle) in [(">empty\n>next\nMKV\n", "empty.fasta:1: record empty: empty record"),
                           (">pair\nMKV::GG\n", "empty.fasta:1: record pair: chain 2 of 3 is empty"),
                           ("MKV\n", "empty.fasta:1: sequence before")] {
        #expect(throws: InputError.self) { try FASTAFile.parse(TextFile(name: "empty.fasta", text: text)) }
        do {
            _ = try FASTAFile.parse(TextFile(name: "empty.fasta", text: text))
        } catch {
            #expect("\(error)".hasPrefix(needle), "\(error)")
        }
    }
}
