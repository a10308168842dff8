// XGBoost C API (Debian: libxgboost-dev, headers in /usr/include/xgboost; the package ships no
// pkg-config file, so the default include and library paths are all the compiler needs).
// c_api.h is plain C behind its __cplusplus guards.
#include <xgboost/c_api.h>
