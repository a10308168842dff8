// OpenBLAS settings that can only be given through the environment, before the library loads:
//  - OPENBLAS_CORETYPE: Debian 12's OpenBLAS 0.3.21 does not know newer Xeons (e.g. family 6
//    model 207) and falls back to its SSE3 "Prescott" kernel, about 30 GFLOP/s per core instead
//    of about 140 with its AVX-512 kernel.
//  - OPENBLAS_THREAD_TIMEOUT: after each product, OpenBLAS's worker threads spin (sched_yield)
//    for 2^28 cycles waiting for more work, and on 2 cores they steal the CPU from the
//    elementwise kernels that run between products (measured: ~23 % of all CPU time in an
//    encoder-layer step went to sched_yield). 2^4 makes them sleep at once; waking them costs
//    microseconds per large product.
// Executables call `relaunchWithTunedSettingsIfNeeded()` first thing: it restarts the process
// once with the missing settings in its environment.
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
        let flags = cpuFlags
        if ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
        if ["avx2", "fma"].allSatisfy(flags.contains) { return "Haswell" }
        return nil
    }

    /// The CPU's feature flags from /proc/cpuinfo ("avx2", "avx512f", ...); empty where there is none.
    public static var cpuFlags: Set<String> {
        guard let flagsLine = cpuinfoLine("flags") else { return [] }
        return Set(flagsLine.split(separator: " ").map(String.init))
    }

    /// The CPU's vendor from /proc/cpuinfo ("GenuineIntel", "AuthenticAMD"); empty where there is none.
    public static var cpuVendor: String {
        guard let line = cpuinfoLine("vendor_id"), let value = line.split(separator: ":").last else { return "" }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// The first /proc/cpuinfo line that starts with `key`; nil without the file or the line.
    private static func cpuinfoLine(_ key: String) -> Substring? {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        return cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix(key) })
    }

    /// The environment settings this process lacks (name → value); empty when none.
    public static var missingSettings: [String: String] {
        let environment = ProcessInfo.processInfo.environment
        var settings: [String: String] = [:]
        if environment["OPENBLAS_CORETYPE"] == nil, let coreType = recommendedCoreType {
            settings["OPENBLAS_CORETYPE"] = coreType
        }
        if environment["OPENBLAS_THREAD_TIMEOUT"] == nil && environment["GOTO_THREAD_TIMEOUT"] == nil {
            settings["OPENBLAS_THREAD_TIMEOUT"] = "4"
        }
        return settings
    }

    /// For executables, before any other work: when settings are missing, restart this process
    /// (same arguments, environment plus the settings). Settings already in the environment are
    /// never overridden. Returns when nothing is missing or the restart failed (the program then
    /// runs, only slower).
    public static func relaunchWithTunedSettingsIfNeeded() {
        let settings = missingSettings
        guard !settings.isEmpty else { return }
        for (name, value) in settings { setenv(name, value, 1) }
        var arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &arguments)
        // Only reached when execv failed.
        for pointer in arguments { free(pointer) }
    }
}
