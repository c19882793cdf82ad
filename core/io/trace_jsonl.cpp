#include "io/trace_jsonl.h"
