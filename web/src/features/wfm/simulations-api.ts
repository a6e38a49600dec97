import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { JobStarted } from '../../../../contracts/jobs';
import { type CreateSimulationBody, Simulation, SimulationList } from '../../../../contracts/wfm-simulations';
import { contractApi } from '../../app/api-client';

/** Under ['wfm', …] like the other WFM queries. */
export const simulationKeys = {
  simulations: ['wfm', 'simulations'] as const,
  simulation: (id: string) => ['wfm', 'simulations', id] as const,
};

export function useSimulations() {
  return useQuery({
    queryKey: simulationKeys.simulations,
    queryFn: ({ signal }) =>
      contractApi.get(SimulationList, '/wfm/simulations', undefined, signal).then((r) => r.items),
  });
}

export function useSimulation(simulationId: string) {
  return useQuery({
    queryKey: simulationKeys.simulation(simulationId),
    queryFn: ({ signal }) =>
      contractApi.get(Simulation, `/wfm/simulations/${encodeURIComponent(simulationId)}`, undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Starts a run: the answer names the job that simulates it (follow it with schedules-api's useJob). */
export function useStartSimulation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSimulationBody) => contractApi.post(JobStarted, '/wfm/simulations', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: simulationKeys.simulations }),
  });
}
