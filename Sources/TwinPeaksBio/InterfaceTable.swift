// `interface.tsv`: the structure labels of every complex with a structure, one row per residue:
// complex_id, partner (1 or 2), position (1-based in the joined partner), chain, residue (one
// letter), min_distance_a (smallest heavy-atom distance to the other partner, Å, capped at 20),
// interface (1 when min_distance_a ≤ 5), buried_area_a2 (the surface the residue loses when the
// other partner binds, ΔSASA in Å², Shrake–Rupley). Written by `prepare`, read by training and
// evaluation; a table from before buried_area_a2 existed reads without burial labels.

public enum InterfaceTable {
    public static let columns = ["complex_id", "partner", "position", "chain", "residue", "min_distance_a", "interface"]
    public static let burialColumn = "buried_area_a2"

    public static var header: String { TSVFields.row(columns + [burialColumn]) }

    /// The rows of one complex, partner 1 then partner 2, in residue order.
    public static func rows(complexID: String, interface: ComplexInterface, partners: (Partner, Partner)) -> String {
        var out = ""
        for (side, partner) in [partners.0, partners.1].enumerated() {
            var position = 0
            for (chainID, sequence) in zip(partner.chainIDs, partner.chains) {
                for residue in sequence {
                    let distance = interface.minimumDistance[side][position]
                    let buried = interface.buriedArea?[side][position] ?? 0
                    position += 1
                    out += TSVFields.row([complexID, String(side + 1), String(position), String(chainID), String(residue),
                                          TSVFields.fixed(Double(distance), 2),
                                          distance <= InterfaceLabels.interfaceCutoff ? "1" : "0",
                                          TSVFields.fixed(Double(buried), 1)])
                }
            }
        }
        return out
    }

    /// Reads `interface.tsv` into labels by complex id, checking each complex's residues against its
    /// partners in `complexes` (count and letters). Errors name the file and line.
    public static func read(path: String, complexes: [String: ComplexRecord]) throws -> [String: ComplexInterface] {
        let file = try TextFile(path: path)
        var distances: [String: [[Float]]] = [:]
        var buried: [String: [[Float]]] = [:]
        // The joined partner sequences of the complex being read (rows come complex by complex).
        var sequences: (id: String, partners: [[Character]])? = nil
        for (line, cells) in try TSVFields.rows(of: file, columns: columns) {
            let place = file.place(line)
            let id = cells["complex_id"]!
            guard let complex = complexes[id] else {
                throw InputError(place, "complex \(id) is not in \(Dataset.complexesFile)")
            }
            guard let side = Int(cells["partner"]!), side == 1 || side == 2, let position = Int(cells["position"]!),
                  let distance = Float(cells["min_distance_a"]!), distance.isFinite, distance >= 0 else {
                throw InputError(place, "expected partner 1 or 2, an integer position and a distance ≥ 0 in Å")
            }
            if sequences?.id != id {
                sequences = (id, [Array(complex.partner1.chains.joined()), Array(complex.partner2.chains.joined())])
            }
            let sequence = sequences!.partners[side - 1]
            var lists = distances[id] ?? [[], []]
            guard position == lists[side - 1].count + 1, position <= sequence.count else {
                throw InputError(place, "position \(position) of partner \(side) of \(id): expected \(lists[side - 1].count + 1) (rows in residue order, \(sequence.count) residues)")
            }
            guard cells["residue"]! == String(sequence[position - 1]) else {
                throw InputError(place, "residue \(cells["residue"]!) at partner \(side) position \(position) of \(id), but the sequence has \(sequence[position - 1])")
            }
            lists[side - 1].append(distance)
            distances[id] = lists
            if let text = cells[burialColumn] {
                guard let area = Float(text), area.isFinite, area >= 0, area <= 1000 else {
                    throw InputError(place, "\(burialColumn) '\(text)': expected the buried surface in Å², 0 to 1000")
                }
                buried[id, default: [[], []]][side - 1].append(area)
            }
        }
        var result: [String: ComplexInterface] = [:]
        for (id, lists) in distances {
            let complex = complexes[id]!
            for (side, partner) in [complex.partner1, complex.partner2].enumerated() {
                let length = partner.chains.reduce(0) { $0 + $1.count }
                guard lists[side].count == length else {
                    throw InputError(file.name, "complex \(id) partner \(side + 1): \(lists[side].count) rows for \(length) residues")
                }
            }
            result[id] = ComplexInterface(partner1: lists[0], partner2: lists[1], buriedArea: buried[id])
        }
        return result
    }
}
