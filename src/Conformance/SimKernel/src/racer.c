/*
 * racer.c - a second thread that changes a user buffer while the driver works on it
 * (double fetch / TOCTOU, and "the mapping changes asynchronously" from Device Path Exerciser).
 * The call starts only after the racer is running, so every call is raced.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "simkernel_internal.h"

struct SIM_RACER {
    pthread_t Thread;
    SIM_RACER_SPEC Spec;
    SIM_BUFFER_SPEC Buffer;
    uint8_t *Address;
    volatile int Running;
    volatile int Stop;
};

static void Pause(uint32_t periodNs)
{
    if (periodNs == 0)
        return;
    struct timespec delay = { 0, (long)periodNs };
    nanosleep(&delay, NULL);
}

static void *RacerMain(void *argument)
{
    SIM_RACER *racer = argument;
    int accessible = 1;
    uint32_t end = racer->Spec.ByteOffset + racer->Spec.Length;
    if (end > racer->Buffer.Size)
        end = racer->Buffer.Size;
    racer->Running = 1;
    /* A protection racer waits one period before its first flip: the caller's other thread re-protects the
       pages while the driver works on them, after the I/O manager's probe, which is the race worth testing
       (flipping at once made every probe of a warm host meet the no-access half and never reach the driver). */
    if (racer->Spec.Kind != SimRacerFlipBytes)
        Pause(racer->Spec.PeriodNs);
    while (!racer->Stop) {
        if (racer->Spec.Kind == SimRacerFlipBytes) {
            for (uint32_t i = racer->Spec.ByteOffset; i < end; i++)
                ((volatile uint8_t *)racer->Address)[i] ^= 0xFF;
        } else {
            accessible = !accessible;
            SimUserBufferSetProtection(&racer->Buffer, racer->Address, accessible);
        }
        Pause(racer->Spec.PeriodNs);
    }
    if (!accessible)
        SimUserBufferSetProtection(&racer->Buffer, racer->Address, 1);
    return NULL;
}

SIM_RACER *SimRacerStart(const SIM_RACER_SPEC *spec, const SIM_BUFFER_SPEC *buffer, void *address)
{
    SIM_RACER *racer = calloc(1, sizeof(SIM_RACER));
    if (racer == NULL)
        return NULL;
    racer->Spec = *spec;
    racer->Buffer = *buffer;
    racer->Address = address;
    if (pthread_create(&racer->Thread, NULL, RacerMain, racer) != 0) {
        free(racer);
        return NULL;
    }
    while (!racer->Running)
        sched_yield();
    return racer;
}

void SimRacerStop(SIM_RACER *racer)
{
    if (racer == NULL)
        return;
    racer->Stop = 1;
    pthread_join(racer->Thread, NULL);
    free(racer);
}
