// HDF5 C API (Debian: libhdf5-dev; include path from pkg-config hdf5).
#include <hdf5.h>
// H5T_NATIVE_* and H5P_DEFAULT are macros over globals Swift cannot import; expose them as functions.
static inline hid_t tp_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t tp_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t tp_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t tp_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t tp_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t tp_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t tp_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t tp_h5t_ieee_f16le(void) {
    // A 16-bit IEEE half float built from F32LE (HDF5 1.10 has no predefined half type).
    hid_t t = H5Tcopy(H5T_IEEE_F32LE);
    H5Tset_fields(t, 15, 10, 5, 0, 10);
    H5Tset_size(t, 2);
    H5Tset_ebias(t, 15);
    return t;
}
static inline hid_t tp_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t tp_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t tp_h5p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t tp_h5p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t tp_h5p_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t tp_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t tp_h5s_all(void) { return H5S_ALL; }
static inline int tp_h5_init(void) { return H5open(); }
