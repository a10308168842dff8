// `contacts.tsv`: the inter-partner contact map of every complex with a structure, one row per
// residue pair whose heavy atoms come within 5 Å: complex_id, position1 and position2 (1-based in
// the joined partners 1 and 2), min_distance_a. Written by `prepare` beside `interface.tsv`, read
// by training for the network's contact head. Prediction never needs it.

public enum ContactTable {
    public static let columns = ["complex_id", "position1", "position2", "min_distance_a"]

    public static var header: String { TSVFields.row(columns) }

    /// The rows of one complex, in the order of `interface.contacts`.
    public static func rows(complexID: String, interface: ComplexInterface) -> String {
        interface.contacts.map { contact in
            TSVFields.row([complexID, String(contact.position1 + 1), String(contact.position2 + 1),
                           TSVFields.fixed(Double(contact.distance), 2)])
        }.joined()
    }

    /// Adds the contacts of `path` to `interfaces` (whose per-residue labels give each partner's
    /// length). Every complex must have interface labels and every position must lie inside its
    /// partner; rows of one complex come together. Errors name the file and line.
    public static func read(path: String, into interfaces: inout [String: ComplexInterface]) throws {
        let file = try TextFile(path: path)
        var finished = Set<String>(), current: String? = nil
        for (line, cells) in try TSVFields.rows(of: file, columns: columns) {
            let place = file.place(line)
            let id = cells["complex_id"]!
            guard let interface = interfaces[id] else {
                throw InputError(place, "complex \(id) has no rows in \(Dataset.interfaceFile)")
            }
            if id != current {
                guard !finished.contains(id) else {
                    throw InputError(place, "rows of complex \(id) are split; expected each complex's rows together")
                }
                current.map { _ = finished.insert($0) }
                current = id
            }
            let lengths = (interface.minimumDistance[0].count, interface.minimumDistance[1].count)
            guard let p1 = Int(cells["position1"]!), let p2 = Int(cells["position2"]!),
                  (1...max(lengths.0, 1)).contains(p1), (1...max(lengths.1, 1)).contains(p2),
                  let distance = Float(cells["min_distance_a"]!), distance.isFinite, distance >= 0,
                  distance <= InterfaceLabels.interfaceCutoff + 0.005 else {
                throw InputError(place, "expected position1 in 1...\(lengths.0), position2 in 1...\(lengths.1) of \(id) "
                                 + "and a distance between 0 and \(InterfaceLabels.interfaceCutoff) Å")
            }
            // Rounded to 0.01 Å in both files: a contact cannot be closer than its residues' minimum.
            guard interface.minimumDistance[0][p1 - 1] <= distance + 0.011,
                  interface.minimumDistance[1][p2 - 1] <= distance + 0.011 else {
                throw InputError(place, "contact \(p1)–\(p2) of \(id) at \(distance) Å is closer than \(Dataset.interfaceFile) "
                                 + "gives for its residues (\(interface.minimumDistance[0][p1 - 1]) and \(interface.minimumDistance[1][p2 - 1]) Å)")
            }
            interfaces[id]!.contacts.append(ResidueContact(position1: p1 - 1, position2: p2 - 1, distance: distance))
        }
    }
}
