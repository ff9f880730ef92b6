#include "proxy/ProxyEngine.h"
