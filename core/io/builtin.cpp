#include "io/builtin.h"
