// `twinpeaks check-hdf5 FILE…`: reads every group, dataset and attribute of HDF5 files, as every
// TwinPeaks reader would. Every other subcommand runs it in a child process on each HDF5 file
// before opening it (HDF5ChildCheck), because libhdf5 can crash on a corrupted file; run by hand
// it says whether a file is safe to give TwinPeaks.
import ArgumentParser
import Foundation
import TwinPeaksEmbedding
import TwinPeaksTensor

struct CheckHDF5: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-hdf5",
        abstract: "Read every object of HDF5 files; a corrupted file that crashes libhdf5 crashes only this.",
        discussion: """
        Every subcommand that opens an HDF5 file (model members, embedding stores, imported embeddings) \
        first runs this in a child process: if libhdf5 crashes on the file (Debian 12's libhdf5 1.10.8 does \
        on some corrupted object headers), the child dies, and the subcommand stops with an error naming \
        the file instead of crashing. Exit status 0 when every file was read through, even if parts of it \
        are not what TwinPeaks expects (the subcommands report those); a crash ends it with the signal.
        """,
        shouldDisplay: false)

    @Argument(help: "HDF5 files to read through.")
    var files: [String]

    func run() throws {
        HDF5Guard.check = nil  // this process is the one allowed to crash
        for file in files {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("\(file): cannot read this file; expected an HDF5 file")
            }
            HDF5ReadThrough.readEverything(at: file)
        }
    }
}
