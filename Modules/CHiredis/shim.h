#ifndef ELOQUENT_CHIREDIS_SHIM_H
#define ELOQUENT_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#endif
