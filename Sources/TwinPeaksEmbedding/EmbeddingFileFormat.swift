// The layouts of per-residue embedding files that users already have, and how each names its datasets.

/// An HDF5 layout the importer reads. Every layout holds one [L, D] float dataset per sequence.
public enum EmbeddingFileFormat: String, CaseIterable, Sendable {
    /// bio_embeddings pipeline output: `/<md5 of the sequence>` datasets with an `original_id` attribute.
    case bioEmbeddings = "bio_embeddings"
    /// ProtTrans `prott5_embedder.py` `residue_embeddings.h5`: `/<FASTA header>` datasets, where
    /// the script replaced `/` and `.` in the header with `_`.
    case protTrans = "prottrans"
    /// One `/<FASTA id>` dataset per sequence (what a short h5py script writes).
    case plain

    /// Dataset names to try for a FASTA record, in order (bio_embeddings also matches `original_id`).
    func candidateNames(identifier: String, sequence: String, hash: (String) -> String) -> [String] {
        var names: [String]
        switch self {
        case .bioEmbeddings:
            names = [hash(sequence.uppercased()), hash(sequence)]
        case .protTrans:
            names = [identifier, identifier.replacingSlashesAndDots()]
            if let first = identifier.split(separator: " ").first.map(String.init), first != identifier {
                names += [first, first.replacingSlashesAndDots()]
            }
        case .plain:
            names = [identifier]
        }
        var seen = Set<String>()
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

private extension String {
    /// ProtTrans' key rule: `/` and `.` become `_`.
    func replacingSlashesAndDots() -> String {
        String(map { $0 == "/" || $0 == "." ? "_" : $0 })
    }
}
