// swift-tools-version:6.0
// The libFuzzer harness for TwinPeaks' readers, a package of its own so that `swift build`,
// `swift test` and CI never compile it: it needs `-sanitize=fuzzer,address`, which `make fuzz` passes.
import PackageDescription

let package = Package(
    name: "TwinPeaksFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "TwinPeaks", path: "..")],
    targets: [
        .executableTarget(name: "twinpeaks-fuzz",
                          dependencies: [.product(name: "TwinPeaksModel", package: "TwinPeaks")]),
    ]
)
