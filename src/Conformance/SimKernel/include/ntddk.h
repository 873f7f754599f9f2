/* ntddk.h - everything a WDM driver gets from <ntddk.h> in the simulator is in wdm.h. */
#ifndef SIM_NTDDK_H
#define SIM_NTDDK_H
#include "wdm.h"
#endif
