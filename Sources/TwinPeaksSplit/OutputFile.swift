// Writing an output file the pipeline way: into its folder under a temporary name, then renamed,
// so an interrupted stage never leaves a half file that the next stage would trust. Special files
// (a FIFO, /dev/null, /dev/full) are written in place: renaming over them would replace them.
import Foundation

public enum OutputFile {
    /// Writes all of `text` to `path` through a temporary name (see `StreamingOutput`).
    public static func write(_ text: String, to path: String) throws {
        let stream = try StreamingOutput(file: path)
        try stream.write(text)
        try stream.finish()
    }

    /// Writes all of `data` to `path` through a temporary name. Unlike Data.write(options: .atomic),
    /// whose temporary (`.dat.nosyncXXXX.YYYYYY` on Linux) a SIGKILL leaves behind for good, the
    /// temporary is `.NAME.PID.tmp`, which the next write of `path` removes once PID no longer runs.
    public static func write(_ data: Data, to path: String) throws {
        let stream = try StreamingOutput(file: path)
        try stream.write(bytes: [UInt8](data))
        try stream.finish()
    }
}
