// mmCIF reader: the `_atom_site` loop of the first model into protein chains, with author chain
// ids and numbering (as in the PDB format); `label_seq_id = .` marks ligands.

public enum MMCIFFormat {
    /// Parses mmCIF text. Errors name `file:line`.
    public static func parse(_ file: TextFile) throws -> Structure {
        var builder = StructureBuilder()
        var inTextField = false
        var state = State.scanning
        var tags: [String] = []
        var columns = Columns()
        var pending: [String] = []
        var pendingLine = 0
        var firstModel: String? = nil
        var laterModels = false
        var sawAtomSite = false

        func finishLoop(at number: Int) throws {
            if state == .atomRows && !pending.isEmpty {
                throw InputError(file.place(pendingLine), "truncated _atom_site row: \(pending.count) of \(tags.count) values")
            }
            state = .scanning
        }

        func addRow(_ values: [String], line: Int) throws {
            let place = { file.place(line) }
            if let model = columns.model.map({ values[$0] }) {
                if firstModel == nil { firstModel = model }
                if model != firstModel { laterModels = true; return }
            }
            guard let nameColumn = columns.residueName, let chainColumn = columns.chain, let numberColumn = columns.number else {
                throw InputError(place(), "_atom_site lacks a residue name, chain or residue number column")
            }
            let numberText = values[numberColumn]
            guard let residueNumber = Int(numberText) else {
                throw InputError(place(), "residue number '\(numberText)' is not an integer")
            }
            var code: Character? = nil
            if let codeColumn = columns.insertionCode, let first = values[codeColumn].first,
               values[codeColumn] != "?" && values[codeColumn] != "." {
                code = first
            }
            var altLoc: UInt8 = 0
            if let altColumn = columns.altLoc, let first = values[altColumn].utf8.first,
               values[altColumn] != "." && values[altColumn] != "?" {
                altLoc = first
            }
            var inPolymer: Bool? = nil
            if let seqColumn = columns.labelSeq { inPolymer = values[seqColumn] != "." && values[seqColumn] != "?" }
            let atom = AtomRecord(
                isHetero: columns.group.map { values[$0] == "HETATM" } ?? false,
                serial: columns.serial.flatMap { Int(values[$0]) },
                altLoc: altLoc,
                residueName: values[nameColumn],
                chain: values[chainColumn],
                residue: ResidueID(residueNumber, code),
                inPolymer: inPolymer)
            try builder.add(atom, line: line, place: place)
        }

        try file.forEachLine { number, line in
            if line.first == UInt8(ascii: ";") { inTextField.toggle(); return }
            if inTextField { return }
            let text = String(decoding: line, as: UTF8.self).trimmingCharactersInWhitespace()
            if text.isEmpty { return }
            if text.hasPrefix("#") || text.hasPrefix("data_") || text == "loop_" || (text.hasPrefix("_") && state != .loopTags) {
                try finishLoop(at: number)
                if text == "loop_" { state = .loopTags; tags = [] }
                else if text.hasPrefix("_atom_site.") {
                    throw InputError(file.place(number), "an _atom_site outside a loop_ is not supported")
                }
                return
            }
            switch state {
            case .scanning, .otherRows:
                return
            case .loopTags:
                if text.hasPrefix("_") {
                    tags.append(String(text.split(separator: " ").first ?? ""))
                    return
                }
                if tags.first?.hasPrefix("_atom_site.") == true {
                    columns = Columns(tags: tags)
                    state = .atomRows
                    sawAtomSite = true
                } else {
                    state = .otherRows
                    return
                }
                fallthrough
            case .atomRows:
                let tokens = try Self.tokens(of: line, place: file.place(number))
                if pending.isEmpty { pendingLine = number }
                pending.append(contentsOf: tokens)
                while pending.count >= tags.count {
                    let row = Array(pending.prefix(tags.count))
                    pending.removeFirst(tags.count)
                    try addRow(row, line: pendingLine)
                    pendingLine = number
                }
            }
        }
        if state == .atomRows && !pending.isEmpty {
            throw InputError(file.place(pendingLine), "truncated _atom_site row: \(pending.count) of \(tags.count) values")
        }
        guard sawAtomSite else { throw InputError(file.name, "no _atom_site loop; expected an mmCIF coordinate file") }
        var structure = builder.build(name: file.name, fileName: file.name)
        if laterModels { structure.notes.append("\(file.name): kept model \(firstModel ?? "1"); later models ignored") }
        return structure
    }

    private enum State { case scanning, loopTags, atomRows, otherRows }

    /// The positions of the `_atom_site` columns the reader uses (author ids preferred).
    private struct Columns {
        var group, serial, altLoc, residueName, chain, number, insertionCode, labelSeq, model: Int?

        init() {}

        init(tags: [String]) {
            func column(_ name: String) -> Int? { tags.firstIndex(of: "_atom_site." + name) }
            group = column("group_PDB")
            serial = column("id")
            altLoc = column("label_alt_id")
            residueName = column("auth_comp_id") ?? column("label_comp_id")
            chain = column("auth_asym_id") ?? column("label_asym_id")
            number = column("auth_seq_id") ?? column("label_seq_id")
            insertionCode = column("pdbx_PDB_ins_code")
            labelSeq = column("label_seq_id")
            model = column("pdbx_PDB_model_num")
        }
    }

    /// Splits a data line into values; `'…'` and `"…"` quote values containing spaces.
    static func tokens(of line: UnsafeBufferPointer<UInt8>, place: @autoclosure () -> String) throws -> [String] {
        var result: [String] = []
        var index = 0
        let end = line.count
        while index < end {
            while index < end && (line[index] == 32 || line[index] == 9) { index += 1 }
            if index >= end { break }
            let quote = line[index]
            if quote == 39 || quote == 34 {
                var close = index + 1
                while close < end && !(line[close] == quote && (close + 1 == end || line[close + 1] == 32 || line[close + 1] == 9)) {
                    close += 1
                }
                guard close < end else { throw InputError(place(), "unterminated quoted value") }
                result.append(String(decoding: UnsafeBufferPointer(rebasing: line[(index + 1)..<close]), as: UTF8.self))
                index = close + 1
            } else {
                var stop = index
                while stop < end && line[stop] != 32 && line[stop] != 9 { stop += 1 }
                result.append(String(decoding: UnsafeBufferPointer(rebasing: line[index..<stop]), as: UTF8.self))
                index = stop
            }
        }
        return result
    }
}
