// Where tests find the package's Reference/ data (from this file's path) and the bundled fixtures,
// and the SKEMPI structures parsed once for all tests that need them.
import Foundation
@testable import TwinPeaksBio

enum ReferenceFiles {
    /// The package root: three levels above this file (Tests/TwinPeaksBioTests/ReferenceFiles.swift).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var reference: String { root + "/Reference" }

    /// A file under Reference/.
    static func path(_ relative: String) -> String { reference + "/" + relative }

    /// A bundled fixture file (Tests/TwinPeaksBioTests/Fixtures).
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }
}

extension ReferenceFiles {
    /// The SKEMPI v2 table in Reference/, read once.
    static let skempiTable: Result<SKEMPITable, InputError> = Result {
        try SKEMPITable.read(path: path("skempi/skempi_v2.csv"), strict: false)
    }.mapError { $0 as! InputError }

    /// All SKEMPI cleaned structures with their mappings, keyed by PDB id, read once.
    static let skempiStructures: Result<[String: SKEMPIStructure], InputError> = Result {
        let ids = Set(try skempiTable.get().entries.map(\.pdbID)).sorted()
        var structures: [String: SKEMPIStructure] = [:]
        for id in ids { structures[id] = try SKEMPIStructure.load(pdbID: id, directory: path("skempi/pdbs")) }
        return structures
    }.mapError { $0 as! InputError }

    /// Subtilisin Carlsberg (chain E) with eglin c (chain I), 1CSE: the structure, its heavy atoms and
    /// its structure labels, computed once for the tests that check them.
    static let eglin: Result<(structure: Structure, atoms: StructureAtoms, interface: ComplexInterface), InputError> = Result {
        let file = try TextFile(path: TextFile.existingPath(path("skempi/pdbs/1CSE.pdb")))
        let structure = try PDBFormat.parse(file)
        let atoms = try StructureAtoms.read(file, structure: structure)
        return (structure, atoms, try InterfaceLabels.compute(structure: structure, atoms: atoms, partner1: ["E"], partner2: ["I"]))
    }.mapError { $0 as! InputError }
}
