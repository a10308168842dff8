// Per-residue interface labels of a complex from its structure: for every residue of each partner,
// the smallest distance from any of its heavy atoms to any heavy atom of the other partner (Å).
// A residue is at the interface when that distance is at most 5 Å (the usual heavy-atom cut-off).
// These are training labels only: prediction never needs a structure.

public struct ComplexInterface: Sendable, Equatable {
    /// Per partner, per residue of the joined partner (chains in the partner's order), the minimum
    /// heavy-atom distance to the other partner in Å, capped at `InterfaceLabels.distanceCap`.
    public var minimumDistance: [[Float]]
    /// The residue pairs across the interface (≤ `InterfaceLabels.interfaceCutoff`), sorted by
    /// partner-1 then partner-2 position: the contact map the network's contact head learns.
    public var contacts: [ResidueContact]
    /// Per partner, per residue, the surface it loses when the other partner binds (ΔSASA, Å²):
    /// burial on binding, zero away from the interface; nil in tables written before it existed.
    public var buriedArea: [[Float]]?

    public init(partner1: [Float], partner2: [Float], contacts: [ResidueContact] = [], buriedArea: [[Float]]? = nil) {
        minimumDistance = [partner1, partner2]
        self.contacts = contacts
        self.buriedArea = buriedArea
    }

    /// Per residue of `partner` (whose joined sequence is `residues`), the buried area relative to
    /// the largest surface that residue type can have in a Gly-X-Gly peptide (Tien et al. 2013),
    /// capped at 1; nil without buried areas.
    public func relativeBurial(partner: Int, residues: [Character]) -> [Float]? {
        guard let area = buriedArea?[partner], area.count == residues.count else { return nil }
        return zip(area, residues).map { min($0 / InterfaceLabels.maximumSurface(of: $1), 1) }
    }

    /// 1 where a residue is at the interface (≤ `InterfaceLabels.interfaceCutoff`), else 0.
    public func interfaceFlags(partner: Int) -> [Float] {
        minimumDistance[partner].map { $0 <= InterfaceLabels.interfaceCutoff ? 1 : 0 }
    }
}

/// Residue `position1` of partner 1 and `position2` of partner 2 (0-based, joined partners) have
/// heavy atoms `distance` Å apart, at most the interface cut-off.
public struct ResidueContact: Sendable, Equatable, Hashable {
    public var position1: Int
    public var position2: Int
    public var distance: Float
    public init(position1: Int, position2: Int, distance: Float) {
        self.position1 = position1
        self.position2 = position2
        self.distance = distance
    }
}

public enum InterfaceLabels {
    public static let interfaceCutoff: Float = 5.0
    /// Distances beyond this are written as the cap: only the neighbourhood of the interface matters.
    public static let distanceCap: Float = 20.0

    /// The interface of the complex whose partners are the chains `partner1` and `partner2` (chain
    /// ids, in order) of `structure`, with its heavy atoms `atoms`. A residue without resolved heavy
    /// atoms gets the cap. Errors name the structure and the chain.
    public static func compute(structure: Structure, atoms: StructureAtoms, partner1: [String], partner2: [String])
        throws -> ComplexInterface {
        /// Per residue of the joined `chains`, its entry of `table` (atoms or their radii).
        func joined<T>(_ table: [String: [[T]]], _ chains: [String]) throws -> [[T]] {
            try chains.flatMap { id -> [[T]] in
                guard let chain = table[id] else {
                    throw InputError(structure.name, "no chain \(id) for the interface labels")
                }
                return chain
            }
        }
        let side1 = try joined(atoms.atoms, partner1), side2 = try joined(atoms.atoms, partner2)
        let spheres1 = side1.map(BoundingSphere.init), spheres2 = side2.map(BoundingSphere.init)
        var distance1 = [Float](repeating: distanceCap, count: side1.count)
        var distance2 = [Float](repeating: distanceCap, count: side2.count)
        var contacts: [ResidueContact] = []
        for i in side1.indices where !side1[i].isEmpty {
            for j in side2.indices where !side2[j].isEmpty {
                // Skip residue pairs whose bounding spheres are already farther apart than the cap,
                // or than both residues' best so far, unless they could still be a contact.
                let gap = spheres1[i].distance(to: spheres2[j])
                if gap > distanceCap || (gap > interfaceCutoff && gap > distance1[i] && gap > distance2[j]) { continue }
                var best = Float.infinity
                for a in side1[i] { for b in side2[j] { best = min(best, simd_distanceSquared(a, b)) } }
                let d = best.squareRoot()
                distance1[i] = min(distance1[i], d)
                distance2[j] = min(distance2[j], d)
                if d <= interfaceCutoff { contacts.append(ResidueContact(position1: i, position2: j, distance: d)) }
            }
        }
        let buried = buriedArea(sides: [side1, side2], radii: [try joined(atoms.radii, partner1), try joined(atoms.radii, partner2)],
                                distances: [distance1, distance2])
        return ComplexInterface(partner1: distance1, partner2: distance2, contacts: contacts, buriedArea: buried)
    }

    /// ΔSASA of every residue: its surface with only its own partner present minus its surface in
    /// the complex. Only residues within reach of the other partner can lose any, so only their
    /// atoms are evaluated (the rest are exactly zero).
    static func buriedArea(sides: [[[SIMD3<Float>]]], radii: [[[Float]]], distances: [[Float]]) -> [[Float]] {
        var centers: [SIMD3<Float>] = [], atomRadii: [Float] = [], group: [Int] = []
        var evaluated: [Int] = [], owner: [(side: Int, residue: Int)] = []
        for side in 0..<2 {
            for (residue, atoms) in sides[side].enumerated() {
                let near = distances[side][residue] < SurfaceArea.occlusionReach
                for (atom, center) in atoms.enumerated() {
                    if near {
                        evaluated.append(centers.count)
                        owner.append((side, residue))
                    }
                    centers.append(center)
                    atomRadii.append(radii[side][residue][atom])
                    group.append(side)
                }
            }
        }
        let (unbound, bound) = SurfaceArea.areas(centers: centers, radii: atomRadii, group: group, evaluated: evaluated)
        var buried = sides.map { [Float](repeating: 0, count: $0.count) }
        for (slot, (side, residue)) in owner.enumerated() { buried[side][residue] += unbound[slot] - bound[slot] }
        return buried
    }

    /// The largest accessible surface of each residue type (Å², theoretical values of Tien, Meyer,
    /// Sydykova, Spielman and Wilke, PLoS ONE 8:e80635, 2013); 200 Å² for X.
    public static func maximumSurface(of residue: Character) -> Float {
        maximumSurfaces[residue] ?? 200
    }

    private static let maximumSurfaces: [Character: Float] = [
        "A": 129, "R": 274, "N": 195, "D": 193, "C": 167, "Q": 225, "E": 223, "G": 104, "H": 224, "I": 197,
        "L": 201, "K": 236, "M": 224, "F": 240, "P": 159, "S": 155, "T": 172, "W": 285, "Y": 263, "V": 174,
    ]

    private struct BoundingSphere {
        var center: SIMD3<Float>
        var radius: Float
        init(_ atoms: [SIMD3<Float>]) {
            guard !atoms.isEmpty else { center = .zero; radius = 0; return }
            let c = atoms.reduce(SIMD3<Float>.zero, +) / Float(atoms.count)
            center = c
            radius = atoms.map { simd_distanceSquared($0, c) }.max()!.squareRoot()
        }
        /// A lower bound on the distance between any atom of one residue and any of the other.
        func distance(to other: BoundingSphere) -> Float {
            max(simd_distanceSquared(center, other.center).squareRoot() - radius - other.radius, 0)
        }
    }
}

@inline(__always) func simd_distanceSquared(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Float {
    let d = a - b
    return (d * d).sum()
}
