import type { Command } from 'commander';
import { formatTable } from '../context.js';
import type { CommandHost } from '../program.js';

/** `scrubin scenarios`: the catalogue. */
export function registerScenarioCommand(program: Command, host: CommandHost): void {
  program
    .command('scenarios')
    .description('List the scenarios a session can use')
    .addHelpText(
      'after',
      '\nExamples:\n  scrubin scenarios\n  scrubin scenarios --json | jq -r ".scenarios[].id"',
    )
    .action(() =>
      host.run(async (ctx) => {
        const client = await ctx.client({ auth: false });
        const scenarios = await client.scenarios();
        ctx.print({ scenarios }, () =>
          formatTable(
            ['ID', 'TITLE', 'LEVEL', 'TIME', 'PEOPLE'],
            scenarios.map((s) => [
              s.id,
              s.title,
              s.difficulty,
              `${Math.round(s.timeLimitS / 60)} min`,
              String(s.recommendedParticipants),
            ]),
          ),
        );
      }),
    );
}
