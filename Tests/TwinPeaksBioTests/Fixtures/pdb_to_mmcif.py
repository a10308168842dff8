# Writes 5TAR.cif.gz, the mmCIF twin of Reference/skempi/pdbs/5TAR.pdb.gz, for MMCIFTests.
# Run once from this folder with gemmi (pip install gemmi; 0.7.5 was used): python3 pdb_to_mmcif.py
# Entities get their sequence from the model so that polymer residues carry label_seq_id and
# ligands after TER do not (`.`), as in a deposited mmCIF file.
import gzip, os, gemmi

here = os.path.dirname(os.path.abspath(__file__))
pdb = os.path.join(here, "..", "..", "..", "Reference", "skempi", "pdbs", "5TAR.pdb.gz")
st = gemmi.read_structure(pdb)
st.setup_entities()
for entity in st.entities:
    if entity.entity_type == gemmi.EntityType.Polymer:
        entity.full_sequence = [r.name for r in st[0].get_subchain(entity.subchains[0])]
st.assign_label_seq_id(True)
text = st.make_mmcif_document().as_string()
with gzip.GzipFile(os.path.join(here, "5TAR.cif.gz"), "wb", compresslevel=9, mtime=0) as out:
    out.write(text.encode())
