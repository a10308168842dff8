// mmCIF reader: a real file gives the same chains as its PDB twin; truncated rows are errors.
import Testing
@testable import TwinPeaksBio

@Test func anMMCIFFileGivesTheSameChainsAsItsPDBTwin() throws {
    // 5TAR.cif.gz was written from the SKEMPI cleaned 5TAR.pdb by gemmi (Fixtures/pdb_to_mmcif.py):
    // a modified residue inside chain A (CMT), alternate locations, ligands and waters.
    let pdb = try Structure.read(path: ReferenceFiles.path("skempi/pdbs/5TAR.pdb.gz"))
    let cif = try Structure.read(path: ReferenceFiles.fixture("5TAR.cif.gz"))
    #expect(cif.chains.map(\.id) == pdb.chains.map(\.id))
    #expect(cif.chains == pdb.chains)
    #expect(pdb.chains.count == 2 && pdb.chain("A")?.residueNames.last == "CMT" && pdb.chain("A")?.sequence.last == "C")
}

@Test func aTruncatedAtomSiteRowNamesTheFileAndLine() {
    let text = """
    data_tiny
    loop_
    _atom_site.group_PDB
    _atom_site.id
    _atom_site.label_comp_id
    _atom_site.auth_asym_id
    _atom_site.auth_seq_id
    ATOM 1 MET A 1
    ATOM 2 LYS A
    #
    """
    #expect { try MMCIFFormat.parse(TextFile(name: "tiny.cif", text: text)) } throws: { error in
        "\(error)".hasPrefix("tiny.cif:9: truncated _atom_site row: 4 of 5 values")
    }
}

@Test func mmcifQuotedValuesAndModelsAreHandled() throws {
    let text = """
    data_tiny
    loop_
    _atom_site.group_PDB
    _atom_site.id
    _atom_site.label_atom_id
    _atom_site.label_comp_id
    _atom_site.label_seq_id
    _atom_site.auth_asym_id
    _atom_site.auth_seq_id
    _atom_site.pdbx_PDB_ins_code
    _atom_site.pdbx_PDB_model_num
    ATOM 1 "O5'" MET 1 A 10 ? 1
    HETATM 2 CA SEP 2 A 10 B 1
    HETATM 3 C1 NAG . A 900 ? 1
    ATOM 4 CA TRP 1 A 10 ? 2
    """
    let structure = try MMCIFFormat.parse(TextFile(name: "tiny.cif", text: text))
    #expect(structure.chain("A")?.sequence == "MS")
    #expect(structure.chain("A")?.position(of: ResidueID(10, "b")) == 2)
}
