"""Seed the ten CSIS standards (idempotent: existing rows keyed by number are left alone)."""

from django.db import migrations

# The ten CSIS standards as they were seeded: frozen here, so that later edits (staff edit them
# as snippets) and the demo's own prose never change what this migration does.
STANDARDS = [
    {
        "number": 1,
        "code": "CSIS-1",
        "name": "Analyze and Apply Critical Judgement",
        "description": (
            "Examines several sources of evidence about school performance, separates "
            "symptoms from causes, and uses sound reasoning to decide where improvement "
            "effort will make the most difference for students."
        ),
        "indicators": [
            "Uses more than one kind of data (student learning, perception, school process and demographic) before drawing conclusions.",
            "Separates what the data show from interpretations of the data and tests assumptions against evidence.",
            "Uses a structured root-cause method, such as a fishbone diagram or the 5 Whys, to move from symptoms to causes the school can influence.",
            "Prioritises problems by their likely effect on students and by the school's capacity to act on them.",
            "States the limits of the available data and what is not yet known.",
        ],
        "rubric": {
            "not_yet": "Draws conclusions from a single data source or from opinion, and moves straight from a problem to a solution without analysing causes.",
            "developing": "Uses several data sources and a root-cause tool, but the analysis stays at the level of symptoms or lands on causes outside the school's control.",
            "proficient": "Triangulates data, identifies root causes the school can act on, and justifies priorities with evidence and clear reasoning.",
            "exemplary": "Teaches others to analyse data critically, challenges assumptions constructively, and revisits the diagnosis as new evidence emerges.",
        },
    },
    {
        "number": 2,
        "code": "CSIS-2",
        "name": "Facilitate Deriving Meaning and Engagement",
        "description": (
            "Helps educators and stakeholders make sense of data and experience together, "
            "so that they own the conclusions and commit to acting on them."
        ),
        "indicators": [
            "Uses structured protocols, such as predict-observe-infer data dialogues, so that every voice is heard.",
            "Asks open questions that move groups from describing data to interpreting it and deciding what to do.",
            "Surfaces and records differing interpretations without judging them.",
            "Connects data to teachers' daily work and to the students behind the numbers.",
            "Checks for shared understanding and commitment before a group moves on.",
        ],
        "rubric": {
            "not_yet": "Presents data and conclusions to groups instead of facilitating; participation is limited to a few voices.",
            "developing": "Uses protocols, but groups often stop at description or defer to the facilitator's interpretation.",
            "proficient": "Guides groups through description, interpretation and implications so that participants state conclusions and next steps in their own words.",
            "exemplary": "Adapts protocols to the group in the moment, turns conflict into productive inquiry, and leaves staff able to run data conversations themselves.",
        },
    },
    {
        "number": 3,
        "code": "CSIS-3",
        "name": "Focus on Systemic Factors",
        "description": (
            "Looks beyond individual classrooms and people to the structures, policies, "
            "processes and resources that shape performance, and aligns improvement work "
            "with them."
        ),
        "indicators": [
            "Maps how curriculum, assessment, schedules, staffing, leadership and family engagement interact to produce current results.",
            "Identifies policies or processes that work against the intended improvement.",
            "Considers the effect of a proposed change on other parts of the system before recommending it.",
            "Aligns school plans with district and state priorities and requirements.",
            "Avoids blaming individuals for problems that the system produces.",
        ],
        "rubric": {
            "not_yet": "Treats problems as isolated events or individual failings and proposes fixes that ignore related structures.",
            "developing": "Names some systemic factors, but plans still address them one at a time without regard to how they interact.",
            "proficient": "Analyses how parts of the system interact and designs improvement work that addresses structures, processes and resources together.",
            "exemplary": "Helps leaders redesign systems for coherence and anticipates downstream effects across the school and district.",
        },
    },
    {
        "number": 4,
        "code": "CSIS-4",
        "name": "Plan and Record",
        "description": (
            "Turns priorities into clear, measurable plans with owners, timelines and "
            "success measures, and keeps accurate records of decisions, actions and results."
        ),
        "indicators": [
            "Develops a theory of action or logic model that links activities to changes in educator practice and student outcomes.",
            "Writes action steps with a named owner, a due date, the resources needed and evidence of completion.",
            "Sets measurable goals with baseline data and interim benchmarks.",
            "Keeps meeting notes, decision logs and implementation records that others can follow.",
            "Revises plans when monitoring data call for it and records the reason for the change.",
        ],
        "rubric": {
            "not_yet": "Plans are lists of activities without owners, dates or measures; records are incomplete or exist only in the facilitator's memory.",
            "developing": "Plans include owners and dates, but goals lack baselines or benchmarks and records are kept inconsistently.",
            "proficient": "Plans connect actions to measurable outcomes with owners, timelines and benchmarks, and records document decisions and progress reliably.",
            "exemplary": "The school team uses the plan and records as living tools, and the facilitator's documentation serves as a model for others.",
        },
    },
    {
        "number": 5,
        "code": "CSIS-5",
        "name": "Organize and Manage Effort and Resources",
        "description": (
            "Secures and coordinates the time, people, money and materials the improvement "
            "effort needs, and manages the work so it stays on track without overloading staff."
        ),
        "indicators": [
            "Identifies the resources each action requires and where they will come from.",
            "Protects time for collaborative work in the school calendar and master schedule.",
            "Clarifies roles and decision rights, for example with a RACI chart.",
            "Reduces initiative overload by stopping or consolidating lower-value work.",
            "Tracks milestones and removes obstacles before they derail the effort.",
        ],
        "rubric": {
            "not_yet": "Resources and time are assumed rather than secured, and work stalls when competing demands arise.",
            "developing": "Identifies the resources and roles needed, but coordination is reactive and staff workload is not considered.",
            "proficient": "Secures resources and time in advance, clarifies roles, and manages milestones so that the effort proceeds as planned.",
            "exemplary": "Realigns existing resources to priorities, helps the school stop low-value work, and builds management routines the school keeps using on its own.",
        },
    },
    {
        "number": 6,
        "code": "CSIS-6",
        "name": "Guide and Focus Collaborative Improvement",
        "description": (
            "Establishes and guides teams that work together on a shared improvement focus, "
            "keeping collaboration purposeful and tied to evidence of student learning."
        ),
        "indicators": [
            "Helps teams agree a clear purpose, norms and roles for their collaboration.",
            "Uses agendas and protocols that keep meetings focused on evidence of student learning.",
            "Redirects teams when discussion drifts to logistics or to factors outside their control.",
            "Builds shared accountability for commitments made between meetings.",
            "Connects the work of different teams so that their efforts reinforce rather than duplicate each other.",
        ],
        "rubric": {
            "not_yet": "Teams meet without a clear purpose or norms, and meetings rarely end in agreed action.",
            "developing": "Teams have norms and agendas, but their focus on student learning is inconsistent and follow-through depends on the facilitator.",
            "proficient": "Teams work to agreed norms on a shared focus, examine evidence with protocols, and follow through on their commitments.",
            "exemplary": "Teams facilitate themselves, hold one another accountable, and coordinate across grade levels or departments with little outside support.",
        },
    },
    {
        "number": 7,
        "code": "CSIS-7",
        "name": "Build Capacity",
        "description": (
            "Develops the knowledge, skills and leadership of educators so that the school "
            "can keep improving without depending on the specialist."
        ),
        "indicators": [
            "Assesses the current skills of leaders and teams against what the improvement requires.",
            "Uses a gradual release of responsibility (model, co-lead, observe with feedback, independent) to transfer facilitation and leadership.",
            "Provides job-embedded learning and coaching rather than one-off training events.",
            "Identifies and develops teacher leaders who will carry the work forward.",
            "Gathers evidence that educator practice has changed, not only that training took place.",
        ],
        "rubric": {
            "not_yet": "Does the work for the school rather than with it; professional learning is limited to one-off events.",
            "developing": "Provides training and some coaching, but responsibility has not yet shifted to school staff.",
            "proficient": "Plans and carries out a deliberate release of responsibility, and evidence shows school staff leading parts of the work independently.",
            "exemplary": "School staff coach and lead others, and the capacity built spreads beyond the original team.",
        },
    },
    {
        "number": 8,
        "code": "CSIS-8",
        "name": "Demonstrate Organizational Sensitivity",
        "description": (
            "Understands and respects the culture, history, politics and relationships of "
            "each organisation, and adapts the approach so that improvement is accepted and lasts."
        ),
        "indicators": [
            "Learns the school's history, culture, and formal and informal leaders before proposing changes.",
            "Maps stakeholders by their interests, influence and concerns.",
            "Assesses readiness for change and adjusts pacing and communication accordingly.",
            "Maintains confidentiality and trust while being honest about performance.",
            "Communicates in ways that respect the roles and authority of school and district leaders.",
        ],
        "rubric": {
            "not_yet": "Applies the same approach everywhere and is surprised by resistance; careless communication may damage trust.",
            "developing": "Recognises cultural and political factors but adapts only after problems arise.",
            "proficient": "Analyses context, stakeholders and readiness in advance and adapts the approach, communication and pacing accordingly.",
            "exemplary": "Is trusted across groups with differing views, helps leaders navigate sensitive issues, and strengthens the organisation's culture of improvement.",
        },
    },
    {
        "number": 9,
        "code": "CSIS-9",
        "name": "Monitor Accountability and Adoption",
        "description": (
            "Tracks whether agreed practices are being implemented and whether they produce "
            "the intended results, and uses that information to hold the effort accountable "
            "and to adjust it."
        ),
        "indicators": [
            "Defines what full implementation looks like, for example with an implementation map or look-fors.",
            "Collects implementation data (walkthroughs, artefacts, logs) on a regular schedule.",
            "Distinguishes a failure to implement from a failure of the strategy itself.",
            "Reports progress to leaders and teams in a clear, actionable form.",
            "Follows up on commitments respectfully and consistently.",
        ],
        "rubric": {
            "not_yet": "Assumes that a plan or a training session means implementation; monitoring is absent or limited to compliance checklists.",
            "developing": "Collects some implementation data, but irregularly, and findings do not consistently lead to adjustments.",
            "proficient": "Monitors adoption and outcomes on a set schedule, shares the findings, and uses them to adjust support and to hold people to commitments.",
            "exemplary": "The school runs its own monitoring cycle, and leaders use adoption data routinely to make decisions.",
        },
    },
    {
        "number": 10,
        "code": "CSIS-10",
        "name": "Implement for Sustainability",
        "description": (
            "Builds the structures, routines, leadership and resources that allow "
            "improvements to last after the specialist's support ends."
        ),
        "indicators": [
            "Plans for sustainability from the start of the engagement, not only at the end.",
            "Embeds new practices in policies, schedules, role descriptions and induction for new staff.",
            "Develops succession plans so that the work survives staff turnover.",
            "Secures continuing funding or reallocates existing resources to keep the work going.",
            "Plans and carries out a gradual, explicit transfer of responsibility to the school.",
        ],
        "rubric": {
            "not_yet": "Improvement depends on the specialist's presence, and there is no plan for continuing the work.",
            "developing": "A transition plan exists but relies on a few individuals or on temporary funding.",
            "proficient": "Practices are embedded in school structures and routines, ownership has transferred, and the plan addresses turnover and funding.",
            "exemplary": "Improvements continue and deepen after support ends, and the school helps others adopt the practices.",
        },
    },
]


def seed_standards(apps, schema_editor):
    Standard = apps.get_model("lms", "Standard")
    for s in STANDARDS:
        Standard.objects.get_or_create(
            number=s["number"],
            defaults={
                "code": s["code"],
                "name": s["name"],
                "description": s["description"],
                "indicators": "\n".join(s["indicators"]),
                "rubric_not_yet": s["rubric"]["not_yet"],
                "rubric_developing": s["rubric"]["developing"],
                "rubric_proficient": s["rubric"]["proficient"],
                "rubric_exemplary": s["rubric"]["exemplary"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("lms", "0002_programme")]

    operations = [migrations.RunPython(seed_standards, migrations.RunPython.noop)]
