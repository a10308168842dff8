// swift-tools-version:6.0
// TwinPeaks: sequence-only prediction of protein–protein binding ΔG and mutational ΔΔG.
// Layout and layering are described in README.md ("Layout"); libraries depend downward only:
// twinpeaks → Model → (Embedding, Split, Tensor) → Bio.
import PackageDescription

let package = Package(
    name: "TwinPeaks",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "twinpeaks", targets: ["twinpeaks"]),
        .library(name: "TwinPeaksModel", targets: ["TwinPeaksModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries from Debian packages, found with pkg-config where the package has a .pc file.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // Debian's libxgboost-dev has no pkg-config file; its header and library sit on the default paths.
        .systemLibrary(name: "CXGBoost", providers: [.apt(["libxgboost-dev"])]),

        .target(name: "TwinPeaksBio", dependencies: ["CZlib"]),
        // Inference's row-stable products: one fused multiply-add chain per element (C, SIMD kernels
        // chosen at run time), so a row's result never depends on the rest of the request.
        // Optimised in debug builds too: at -O0 its SIMD kernels run several times slower, and the
        // tests predict through them.
        .target(name: "CRowStableProduct", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        .target(name: "TwinPeaksTensor", dependencies: ["CBLAS", "CHDF5", "CRowStableProduct"]),
        .target(name: "TwinPeaksEmbedding",
                dependencies: ["TwinPeaksBio", "TwinPeaksTensor", "CHDF5"]),
        .target(name: "TwinPeaksSplit", dependencies: ["TwinPeaksBio"]),
        .target(name: "TwinPeaksModel",
                dependencies: ["TwinPeaksBio", "TwinPeaksTensor", "TwinPeaksEmbedding",
                               "TwinPeaksSplit", "CXGBoost"]),
        .executableTarget(name: "twinpeaks",
                          dependencies: ["TwinPeaksModel",
                                         .product(name: "ArgumentParser",
                                                  package: "swift-argument-parser")]),
        // Benchmarks are a separate executable so `make test` never measures time.
        .executableTarget(name: "twinpeaks-bench", dependencies: ["TwinPeaksModel"],
                          path: "Benchmarks"),

        .testTarget(name: "TwinPeaksBioTests", dependencies: ["TwinPeaksBio"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TwinPeaksTensorTests", dependencies: ["TwinPeaksTensor"]),
        // Test helpers more than one test target uses (a safetensors writer for made-up checkpoints).
        .target(name: "TwinPeaksTestSupport", dependencies: ["TwinPeaksEmbedding"], path: "Tests/Support"),
        .testTarget(name: "TwinPeaksEmbeddingTests", dependencies: ["TwinPeaksEmbedding", "TwinPeaksTestSupport"]),
        // Fixtures are read by path (like Reference/), not bundled.
        .testTarget(name: "TwinPeaksSplitTests", dependencies: ["TwinPeaksSplit"], exclude: ["Fixtures"]),
        .testTarget(name: "TwinPeaksModelTests", dependencies: ["TwinPeaksModel"]),
        .testTarget(name: "twinpeaksTests", dependencies: ["twinpeaks", "TwinPeaksTestSupport"]),
    ]
)
