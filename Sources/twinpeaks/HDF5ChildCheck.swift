// The HDF5Guard check of the `twinpeaks` executable: this same binary, `check-hdf5 FILE…`, in a
// child process. A child that dies by a signal crashed inside libhdf5 on one of the files; the
// files are then checked one by one to name the culprit.
//
// A file that passed is remembered in the user's cache (`$XDG_CACHE_HOME/twinpeaks/hdf5-checked/`,
// else `~/.cache/…`), keyed by its path, device, inode, size and modification and change times, so
// the next run on the same model does not pay the child's start (about 50 ms) again. Any write to
// the file changes its change time (ctime), which no user can set back, and so checks it again.
import Foundation
import TwinPeaksBio
import TwinPeaksTensor

enum HDF5ChildCheck {
    static func install() {
        HDF5Guard.check = { paths in try check(paths) }
    }

    static func check(_ paths: [String]) throws {
        let unchecked = paths.filter { stamp(for: $0).map { !FileManager.default.fileExists(atPath: $0) } ?? true }
        guard !unchecked.isEmpty else { return }
        guard let signal = try childSignal(unchecked) else {
            for path in unchecked { remember(path) }
            return
        }
        let paths = unchecked
        let culprits = paths.count == 1 ? paths : try paths.filter { try childSignal([$0]) != nil }
        let name = culprits.first ?? paths.joined(separator: ", ")
        throw HDF5Error(file: name, object: "", problem:
            "libhdf5 crashed reading this file (signal \(signal), in a checking child process); the file is corrupted. "
            + "Expected an intact HDF5 file: a model member, an embedding store or an h5py export. Nothing was read from it "
            + "here; restore the file or write it again")
    }

    /// The signal that ended a `check-hdf5` child on `paths`; nil when it exited.
    private static func childSignal(_ paths: [String]) throws -> Int32? {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["check-hdf5", "--"] + paths
        // A crash is expected here now and then: no backtrace (it would only slow the answer).
        child.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { _, new in new }
        child.standardInput = FileHandle.nullDevice
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        do {
            try child.run()
        } catch {
            throw HDF5Error(file: paths.joined(separator: ", "), object: "",
                            problem: "cannot start the child process that checks HDF5 files (\(error.localizedDescription))")
        }
        child.waitUntilExit()
        return child.terminationReason == .uncaughtSignal ? child.terminationStatus : nil
    }

    /// The folder of stamps, nil when there is no home or cache folder to write.
    private static let stampFolder: String? = {
        let environment = ProcessInfo.processInfo.environment
        guard let root = environment["XDG_CACHE_HOME"].flatMap({ $0.isEmpty ? nil : $0 })
                ?? environment["HOME"].flatMap({ $0.isEmpty ? nil : $0 + "/.cache" }) else { return nil }
        let folder = root + "/twinpeaks/hdf5-checked"
        return (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil ? folder : nil
    }()

    /// The stamp path of the file in its present state; nil without a stamp folder or when stat fails.
    private static func stamp(for path: String) -> String? {
        guard let folder = stampFolder else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let key = [absolute, "\(info.st_dev)", "\(info.st_ino)", "\(info.st_size)",
                   "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)", "\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"]
            .joined(separator: "\u{0}")
        return folder + "/" + MD5.hex(key)
    }

    /// Records that the file was read through; a stamp that cannot be written only costs a check later.
    private static func remember(_ path: String) {
        guard let stamp = stamp(for: path) else { return }
        FileManager.default.createFile(atPath: stamp, contents: Data())
    }
}
