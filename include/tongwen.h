/*
 * tongwen (同文) — Hong Kong Traditional to Mainland Simplified conversion and
 * regional proofreading of Chinese text.
 *
 * Umbrella header. See tongwen/common.h for the conventions every function
 * follows (errors, memory, UTF-8, positions, thread safety).
 */
#ifndef TONGWEN_H
#define TONGWEN_H

#include "tongwen/common.h"
#include "tongwen/convert.h"
#include "tongwen/check.h"
#include "tongwen/report.h"
#include "tongwen/config.h"
#include "tongwen/xml.h"
#include "tongwen/doc.h"
#include "tongwen/edit.h"
#include "tongwen/tw_version.h"

#endif
