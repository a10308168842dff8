// zlib (Debian: zlib1g-dev), used to read .gz inputs.
#include <zlib.h>
