// Solvent-accessible surface area by Shrake and Rupley (J Mol Biol 79:351, 1973): each atom is a
// sphere of its van der Waals radius plus the probe's (1.4 Å, water); a point on that sphere is
// accessible when it lies inside no other atom's sphere; the atom's area is its sphere's area times
// the accessible fraction of its points. Used for burial on binding (ΔSASA): what a residue's
// surface loses when the partner is added is the partner's footprint on it.
import Foundation

public enum SurfaceArea {
    public static let probeRadius: Float = 1.4
    /// Points per atom sphere: 960 keeps a residue's area within about 1 Å² of the exact value.
    public static let pointsPerAtom = 960

    /// Bondi's van der Waals radii (J Phys Chem 68:441, 1964) of the heavy elements in proteins, by
    /// element symbol (PDB columns 77–78, or the atom name's first letter); 1.8 Å for any other.
    public static func radius(element: String) -> Float {
        switch element.uppercased() {
        case "C": return 1.70
        case "N": return 1.55
        case "O": return 1.52
        case "S": return 1.80
        case "SE": return largestRadius
        default: return 1.80
        }
    }

    /// The largest radius `radius(element:)` gives (selenium's).
    static let largestRadius: Float = 1.90

    /// The largest distance at which an atom can hide any of another's surface points: both radii
    /// and two probes.
    public static let occlusionReach: Float = 2 * (largestRadius + probeRadius)

    /// `pointsPerAtom` points spread evenly over the unit sphere (the golden-section spiral).
    static let unitSphere: [SIMD3<Float>] = {
        let n = pointsPerAtom
        let increment = Double.pi * (3 - 5.0.squareRoot())
        return (0..<n).map { k in
            let z = 1 - (2 * Double(k) + 1) / Double(n)
            let r = (1 - z * z).squareRoot(), phi = Double(k) * increment
            return SIMD3(Float(r * cos(phi)), Float(r * sin(phi)), Float(z))
        }
    }()

    /// Per atom of `evaluated` (indices into `centers`), the accessible surface (Å²) among the atoms
    /// of `centers` whose `group` equals the evaluated atom's (unbound), and among every atom (bound).
    /// `centers`, `radii` and `group` run in parallel.
    public static func areas(centers: [SIMD3<Float>], radii: [Float], group: [Int], evaluated: [Int])
        -> (unbound: [Float], bound: [Float]) {
        let grid = NeighbourGrid(centers, cell: occlusionReach)
        var unbound = [Float](repeating: 0, count: evaluated.count), bound = unbound
        var neighbours: [(center: SIMD3<Float>, reach2: Float, sameGroup: Bool)] = []
        for (slot, i) in evaluated.enumerated() {
            let ri = radii[i] + probeRadius
            neighbours.removeAll(keepingCapacity: true)
            grid.forEach(near: centers[i]) { j in
                guard j != i else { return }
                let rj = radii[j] + probeRadius, d = centers[j] - centers[i]
                if (d * d).sum() < (ri + rj) * (ri + rj) {
                    neighbours.append((centers[j], rj * rj, group[j] == group[i]))
                }
            }
            // Same-group neighbours first: a point they hide is hidden in both states.
            neighbours.sort { $0.sameGroup && !$1.sameGroup }
            var freeUnbound = 0, freeBound = 0
            for u in unitSphere {
                let point = centers[i] + ri * u
                var hiddenAlone = false, hidden = false
                for n in neighbours {
                    let d = point - n.center
                    if (d * d).sum() < n.reach2 {
                        hidden = true
                        if n.sameGroup { hiddenAlone = true }
                        break
                    }
                }
                if !hiddenAlone {
                    freeUnbound += 1
                    // Hidden by a partner atom only: look at them when no same-group atom hid it.
                    if !hidden { freeBound += 1 }
                }
            }
            let sphere = 4 * Float.pi * ri * ri / Float(unitSphere.count)
            unbound[slot] = sphere * Float(freeUnbound)
            bound[slot] = sphere * Float(freeBound)
        }
        return (unbound, bound)
    }
}

/// Atoms binned in cubes of `cell` Å, so the atoms within `cell` of a point are found in 27 cubes.
struct NeighbourGrid {
    private let cell: Float
    private var bins: [SIMD3<Int32>: [Int]] = [:]

    init(_ centers: [SIMD3<Float>], cell: Float) {
        self.cell = cell
        for (index, c) in centers.enumerated() { bins[key(c), default: []].append(index) }
    }

    private func key(_ c: SIMD3<Float>) -> SIMD3<Int32> {
        SIMD3(Int32((c.x / cell).rounded(.down)), Int32((c.y / cell).rounded(.down)), Int32((c.z / cell).rounded(.down)))
    }

    func forEach(near point: SIMD3<Float>, _ body: (Int) -> Void) {
        let k = key(point)
        for dx: Int32 in -1...1 { for dy: Int32 in -1...1 { for dz: Int32 in -1...1 {
            if let bin = bins[k &+ SIMD3(dx, dy, dz)] { for index in bin { body(index) } }
        } } }
    }
}
