#include "io/ladder.h"
