// FASTA reading (multi-line records, any case, plain or .gz) and deterministic writing.
// Residue letters are checked: an unknown character or an empty record is an error naming both.

public enum FASTAFile {
    /// Reads a FASTA file, plain or gzip-compressed.
    public static func read(path: String) throws -> [FASTARecord] {
        try parse(TextFile(path: path))
    }

    /// Parses FASTA text. Letters may be any case (stored upper case); `X` is allowed; `:` separates
    /// the chains of one partner; spaces inside sequence lines are ignored.
    public static func parse(_ file: TextFile) throws -> [FASTARecord] {
        try parseEach(file).map { try $0.get() }
    }

    /// Like `parse`, but a record with a bad residue or an empty sequence becomes a failure of its
    /// own, so the other records still come out (batch prediction reports each bad pair and goes on).
    /// A file whose structure is broken (sequence before the first header) still throws.
    public static func parseEach(_ file: TextFile) throws -> [Result<FASTARecord, InputError>] {
        var records: [Result<FASTARecord, InputError>] = []
        var failed: InputError? = nil
        var header: String? = nil
        var headerLine = 0
        var chains: [String] = []
        var current: [UInt8] = []

        func finish() {
            guard let name = header else { return }
            defer { chains = []; current = []; failed = nil }
            if let failed { records.append(.failure(failed)); return }
            let place = "\(file.name):\(headerLine): record \(FASTARecord(header: name, chains: []).identifier)"
            chains.append(String(decoding: current, as: UTF8.self))
            if chains.count == 1 && chains[0].isEmpty {
                records.append(.failure(InputError(place, "empty record: no residues after the header")))
            } else if let empty = chains.firstIndex(where: \.isEmpty) {
                records.append(.failure(InputError(place, "chain \(empty + 1) of \(chains.count) is empty (check the ':' separators)")))
            } else {
                records.append(.success(FASTARecord(header: name, chains: chains)))
            }
        }

        try file.forEachLine { number, line in
            if line.first == UInt8(ascii: ">") {
                finish()
                let text = String(decoding: UnsafeBufferPointer(rebasing: line.dropFirst()), as: UTF8.self).trimmingCharactersInWhitespace()
                guard !text.isEmpty else { throw InputError(file.place(number), "empty FASTA header") }
                header = text
                headerLine = number
                return
            }
            let isBlank = line.allSatisfy { $0 == 32 || $0 == 9 }
            if isBlank { return }
            guard let name = header else {
                throw InputError(file.place(number), "sequence before the first '>' header")
            }
            if failed != nil { return }
            var column = 0
            for byte in line {
                column += 1
                if byte == 32 || byte == 9 { continue }
                if byte == UInt8(ascii: ":") {
                    chains.append(String(decoding: current, as: UTF8.self))
                    current = []
                    continue
                }
                let upper = (byte >= 97 && byte <= 122) ? byte - 32 : byte
                guard Self.isResidueLetter[Int(upper)] else {
                    let shown = String(decoding: [byte], as: UTF8.self)
                    let id = FASTARecord(header: name, chains: []).identifier
                    failed = InputError("\(file.place(number)): record \(id)",
                                        "unknown residue character '\(shown)' in column \(column); expected ACDEFGHIKLMNPQRSTVWYX (any case) or ':' between chains")
                    return
                }
                current.append(upper)
            }
        }
        finish()
        return records
    }

    /// FASTA text with sequences wrapped at `width` columns, lines ended by `\n`.
    public static func format(_ records: [FASTARecord], width: Int = 60) -> String {
        var text = ""
        for record in records {
            text += ">\(record.header)\n"
            let bytes = Array(record.sequence.utf8)
            var start = 0
            while start < bytes.count {
                let end = min(start + width, bytes.count)
                text += String(decoding: bytes[start..<end], as: UTF8.self)
                text += "\n"
                start = end
            }
        }
        return text
    }

    private static let isResidueLetter: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for letter in "ACDEFGHIKLMNPQRSTVWYX".utf8 { table[Int(letter)] = true }
        return table
    }()
}
