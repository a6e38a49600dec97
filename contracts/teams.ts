import { z } from 'zod';

export const Team = z.object({
  id: z.uuid(),
  name: z.string(),
  leadUserId: z.uuid().nullable(),
  /** The lead's display name, so readers without `users.view` see who leads the team. */
  leadName: z.string().nullable(),
  memberCount: z.number().int(),
  createdAt: z.string(),
});
export type Team = z.infer<typeof Team>;

export const CreateTeamBody = z.object({
  name: z.string().trim().min(1).max(100),
  leadUserId: z.uuid().nullable().optional(),
});
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;

export const UpdateTeamBody = CreateTeamBody.partial().refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateTeamBody = z.infer<typeof UpdateTeamBody>;
