// libhdf5 (1.10.8, Debian 12) can crash inside itself on a corrupted file: heap overreads in
// H5Dread and H5Aget_name_by_idx, a null dereference in H5Oget_info_by_name, a 2⁵⁶-byte allocation
// in its metadata cache (`make fuzz` found them; inputs in Fuzz/KnownCrashes/hdf5). No check of
// ours can run before those, so an executable installs a `check` that reads the whole file in a
// child process first: if libhdf5 crashes there, the child dies and this process reports the file
// instead of dying with it. Each file (path, size, modification time) is checked once per process.
// Library users and tests that set no check open files directly, as before.

import Foundation

public enum HDF5Guard {
    /// Reads every object of the given files somewhere a crash cannot hurt this process, and
    /// throws naming a file that crashed the reader. Set once, by an executable, before any work.
    nonisolated(unsafe) public static var check: (([String]) throws -> Void)?

    private static let lock = NSLock()
    nonisolated(unsafe) private static var checked: Set<FileIdentity> = []

    private struct FileIdentity: Hashable {
        let path: String
        let size: UInt64
        let modified: Double
        init?(_ path: String) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let size = attributes[.size] as? UInt64, let date = attributes[.modificationDate] as? Date else { return nil }
            self.path = (path as NSString).standardizingPath
            self.size = size
            modified = date.timeIntervalSince1970
        }
    }

    /// Checks the files not yet checked in their present state (all of them in one child).
    /// Files that do not exist are left to the opener, which names them.
    public static func require(_ paths: [String]) throws {
        guard let check else { return }
        let identities = paths.compactMap { path in FileIdentity(path).map { (path, $0) } }
        let pending = lock.withLock { identities.filter { !checked.contains($0.1) } }
        guard !pending.isEmpty else { return }
        try check(pending.map(\.0))
        lock.withLock { for (_, identity) in pending { checked.insert(identity) } }
    }
}
