#!/usr/bin/env bash
# Seeds one corpus folder per fuzz target from real files (Reference/, the test fixtures) and a few
# made-up edge cases; usage: Fuzz/seed-corpora.sh FUZZ_BINARY CORPUS_ROOT. Existing corpora are kept
# (libFuzzer adds what it finds to them), so a second `make fuzz` continues where the first stopped.
set -eu  # no pipefail: `head -c` cuts the big files short on purpose
binary=$1; root=$2
here=$(cd "$(dirname "$0")/.." && pwd)
seed() { mkdir -p "$root/$1"; cat > "$root/$1/$2"; }

seed fasta partner1.fasta < "$here/Reference/examples/partner1.fasta"
seed fasta partner2.fasta < "$here/Reference/examples/partner2.fasta"
printf '>a chains=H,L\nEVQLVESGGG/DIQMTQSPSS\n>b\nMKVLA\n' | seed fasta declared.fasta
seed mutations predict-list.tsv < "$here/Reference/examples/mutations.tsv"
seed mutations dataset-mutations.tsv < "$here/Fuzz/Seeds/mutations.tsv"  # rows of `prepare` on the tiny fixture
head -c 4000 "$here/Tests/TwinPeaksBioTests/Fixtures/TinyReference/skempi/skempi_v2.csv" | seed skempi tiny.csv
for start in 2 2000 5000; do
    { head -1 "$here/Reference/skempi/skempi_v2.csv"; sed -n "${start},$((start + 4))p" "$here/Reference/skempi/skempi_v2.csv"; } | seed skempi "rows-$start.csv"
done
seed pdb 1ABC.pdb < "$here/Tests/TwinPeaksBioTests/Fixtures/TinyReference/skempi/pdbs/1ABC.pdb"
for pdb in $(ls -S "$here/Reference/skempi/pdbs" | grep -E '\.pdb(\.gz)?$' | tail -3); do
    zcat -f "$here/Reference/skempi/pdbs/$pdb" | head -c 20000 | seed pdb "${pdb%.gz}"
done
zcat "$here/Tests/TwinPeaksBioTests/Fixtures/5TAR.cif.gz" | head -c 30000 | seed mmcif 5TAR.cif
printf 'fold\tcomplex_id\trole\nf1\t1ABC_A_B\ttrain\nf1\tPDBbind:2abc\tval\nf2\t1ABC_A_B\tval\nf2\tPDBbind:2abc\ttrain\n' | seed folds folds.tsv
printf 'complex_id\tpartner1_families\tpartner2_families\n1ABC_A_B\tcath:1.10\tpfam:PF1\n' | seed folds families.tsv
printf '{"width": 8, "heads": 2, "epochs": 3, "maxResidues": 64, "learningRate": 0.001}' | seed config tiny.json
printf '{"preset": 1, "width": 1e40, "dropout": -0.5}' | seed config bad.json
# The pair builder: FASTA, a NUL byte, one mutation set per line; partners of many chains.
{ printf '>p1 chains=A,B,C\nMKVL/AAGI/VGST\n>p2\nGSHM/WEPE/PTQQ\n'; printf '\0KA2A\nVB1A,GC4T\n'; } | seed pair declared
{ printf '>p1\n'; for i in $(seq 1 40); do printf 'MKV/'; done; printf 'A\n>p2\nGSHM\n\0AA41C\n'; } | seed pair many-chains
"$binary" --write-seeds "$root/hdf5"
