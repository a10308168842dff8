// Everything TwinPeaks could read from an HDF5 file, read once with every error ignored: the walk
// `twinpeaks check-hdf5` runs in a child process (HDF5Guard) to learn whether libhdf5 survives the
// file, and the `hdf5` fuzz target's body. Only a crash matters here; the readers that then open
// the file for real report what is wrong with it.

import TwinPeaksBio
import TwinPeaksTensor

public enum HDF5ReadThrough {
    /// Groups deeper than this are not entered (a corrupted file can link a group into itself).
    static let deepestGroup = 16

    public static func readEverything(at path: String) {
        if let file = try? HDF5File(opening: path) {
            walk(file, group: "/", depth: 0)
        }
        // The readers' own paths through the library, in case they call it differently.
        _ = try? ParameterFile.metadata(at: path)
        if let store = try? EmbeddingStore(opening: path), let keys = try? store.keys() {
            for key in keys { _ = try? store.read(key); _ = try? store.attributes(of: key) }
        }
        let records = [(id: "p1", sequence: "ACDEFGHIK"), (id: "p2", sequence: "LMNPQRSTVWY")]
        for format in [EmbeddingFileFormat.plain, .protTrans, .bioEmbeddings] {
            if let imported = try? ImportedEmbeddings(path: path, format: format, records: records) {
                for r in records { _ = try? imported.features(for: r.sequence.compactMap { AminoAcid(oneLetter: $0) }) }
            }
        }
    }

    private static func walk(_ file: HDF5File, group: String, depth: Int) {
        readAttributes(file, of: group)
        guard depth < deepestGroup, let names = try? file.members(of: group) else { return }
        for name in names {
            let path = group == "/" ? name : group + "/" + name
            if file.isDataset(path) {
                _ = try? file.shape(of: path)
                _ = try? file.floatByteWidth(of: path)
                _ = try? file.readFloats(path)
                _ = try? file.readInt64s(path)
                readAttributes(file, of: path)
            } else {
                walk(file, group: path, depth: depth + 1)
            }
        }
    }

    private static func readAttributes(_ file: HDF5File, of object: String) {
        guard let names = try? file.attributeNames(of: object) else { return }
        for name in names {
            _ = try? file.stringAttribute(name, of: object)
            _ = try? file.numberAttribute(name, of: object)
        }
    }
}
