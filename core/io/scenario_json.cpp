#include "io/scenario_json.h"
