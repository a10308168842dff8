// Which OpenBLAS kernel runs, and a fix for CPUs OpenBLAS does not recognise. Debian 12's
// OpenBLAS 0.3.21 does not know newer Xeons (e.g. family 6 model 207) and falls back to its
// SSE3 "Prescott" kernel: about 30 GFLOP/s per core instead of about 140 with its AVX-512
// kernel. The kernel is chosen when the library loads, before any Swift code runs, so the only
// fix is the OPENBLAS_CORETYPE environment variable: executables call
// `relaunchWithOptimizedKernelIfNeeded()` first thing, which restarts the process with it set.
import CBLAS
import Foundation

public enum BLASKernel {
    /// The kernel OpenBLAS chose ("Prescott", "SkylakeX", "Haswell", ...).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's generic kernels, which it falls back to for CPUs it does not recognise.
    static let genericCores: Set<String> = ["prescott", "core2", "nehalem", "katmai", "coppermine", "northwood",
                                            "banias", "atom", "unknown"]

    /// The kernel to force when OpenBLAS fell back to a generic one on a CPU with AVX-512
    /// ("SkylakeX") or AVX2+FMA ("Haswell"); nil when its own choice stands.
    public static var recommendedCoreType: String? {
        guard genericCores.contains(coreName.lowercased()) else { return nil }
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        if ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
        if ["avx2", "fma"].allSatisfy(flags.contains) { return "Haswell" }
        return nil
    }

    /// For executables, before any other work: when OpenBLAS fell back to a generic kernel on a
    /// CPU that has a better one, and OPENBLAS_CORETYPE is not set, restart this process (same
    /// arguments and environment) with OPENBLAS_CORETYPE set. Returns when no restart is needed
    /// or the restart failed (the program then runs, only slower).
    public static func relaunchWithOptimizedKernelIfNeeded() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let coreType = recommendedCoreType else { return }
        setenv("OPENBLAS_CORETYPE", coreType, 1)
        let arguments = CommandLine.arguments
        var pointers = arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &pointers)
        // Only reached when execv failed.
        for pointer in pointers { free(pointer) }
    }
}
