// Structure labels (what `prepare` computes once per SKEMPI complex): the interface distances, the
// contact map and the burial on binding (Shrake–Rupley ΔSASA) of the real 1CSE, read from Reference/
// (run from the repository root, as `make bench` does).
import Foundation
import TwinPeaksBio

func runLabelsBenchmarks() throws {
    let path = TextFile.existingPath("Reference/skempi/pdbs/1CSE.pdb")
    let file = try TextFile(path: path)
    let structure = try PDBFormat.parse(file)
    let atoms = try StructureAtoms.read(file, structure: structure)
    let residues = ["E", "I"].reduce(0) { $0 + (atoms.atoms[$1]?.count ?? 0) }
    var buried: Float = 0
    let best = try bestTime(3) {
        let interface = try InterfaceLabels.compute(structure: structure, atoms: atoms, partner1: ["E"], partner2: ["I"])
        buried = interface.buriedArea!.joined().reduce(0, +)
    }
    print("labels: 1CSE (\(residues) residues): distances, contacts and ΔSASA in \(String(format: "%.1f", best * 1000)) ms "
          + "(best of 3; \(String(format: "%.0f", buried)) Å² buried); the 348 SKEMPI complexes take `prepare` about 9 s in all")
}
