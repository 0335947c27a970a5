"""The seed's duty register and public service register for 永年区 (130408), verbatim."""

from django.db import migrations

REGION = "130408"
UNITS = [("办公室", "6858512"), ("教育就业科", "6633938"), ("劳动就业服务所", "6791166"),
         ("办证室", "6633005")]
# (number, main duty, [(order, work item, unit, phone, remarks, page)])
DUTIES = [(1,
  '听取残疾人意见，反应残疾人需求，维护残疾人权益，为残疾人服务。',
  [(1, '承担残疾人需求信息收集工作。', '办公室', '6858512', '', ''),
   (2, '负责残疾人来信来访工作。', '办公室', '6858512', '', ''),
   (3, '组织协调残疾人法律援助工作，维护残疾人的合法权益。', '办公室', '6858512', '', '')]),
 (2,
  '团结教育残疾人，遵纪守法，履行应尽的义务；发扬乐观进取精神，自尊、自信、自强、自立，为社会主义建设贡献力量。',
  [(1, '牵头开展残疾人素质教育，教育残疾人遵纪守法，履行应尽的义务。', '办公室', '6858512', '', ''),
   (2, '鼓励残疾人发扬乐观进取精神，自尊、自信、自强、自立，为社会主义建设贡献力量。', '办公室', '6858512', '', '')]),
 (3,
  '弘扬人道主义精神，宣传残疾人事业，沟通政府、社会与残疾人的联系，动员社会理解、尊重、关心、帮助残疾人。',
  [(1, '承担弘扬人道主义精神，宣传残疾人事业，沟通政府、社会与残疾人之间的联系，承担社会理解、尊重、关心、帮助残疾人动员工作。', '办公室', '6858512', '', '')]),
 (4,
  '开展残疾人康复、教育、劳动就业、文化、体育、用品用具供应，无障碍设施和残疾预防等工作，创造良好的环境和条件，扶助残疾人平等参与社会生活。',
  [(1, '指导协调残疾人康复机构的业务工作。', '办公室', '6858512', '', ''),
   (2, '开展残疾人预防辅导工作。', '办公室', '6858512', '', ''),
   (3, '负责盲文、手语的推行。', '教育就业科', '6633938', '', ''),
   (4, '指导残疾人用品的供应、服务，推广高科技成果在康复领域的应用。', '办公室', '6858512', '', ''),
   (5, '宣传、普及康复知识，提高残疾人的康复意识。', '办公室', '6858512', '', ''),
   (6, '指导残疾人组织兴办残疾人福利企业。', '教育就业科', '6633938', '', ''),
   (7, '承担残疾人按比例就业工作。', '教育就业科', '6633938', '', 'employment_quota:index'),
   (8, '负责开展全县残疾人文化体育活动，培育、选拔残疾人文化体育人才。', '办公室', '6858512', '', ''),
   (9, '负责普及残疾人儿童少年义务教育，以就业为导向，开展残疾人职业教育。', '教育就业科', '6633938', '', ''),
   (10, '负责无障碍设施建设的推进工作。', '办公室', '6858512', '', '')]),
 (5,
  '协助政府研究制定和实施残疾人事业的法规、政策、规划和计划，对有关业务领域进行指导和管理。',
  [(1, '协助有关部门研究拟定有关维护残疾人权益、发展残疾人事业的法律、法规草案，配合有关方面对法律、法规的执行情况进行检查、督导。', '办公室', '6858512', '', ''),
   (2, '协助处理人大代表、政协委员有关残疾人的议案、提案。', '办公室', '6858512', '', ''),
   (3, '协助有关部门组织制定和实施残疾人教育工作计划。', '教育就业科', '6633938', '', ''),
   (4, '协助有关部门制定残疾人劳动就业工作计划。', '教育就业科', '6633938', '', '')]),
 (6,
  '承担政府残疾人工作协调委员会的日常工作，做好组织、综合、协调和服务。',
  [(1, '承担政府残疾人工作协调委员会的日常工作。', '办公室', '6858512', '', ''),
   (2, '负责做好组织、综合、协调和服务工作。', '办公室', '6858512', '', '')]),
 (7,
  '负责指导和管理各类残疾人社团组织。',
  [(1, '负责指导和管理各类残疾人社团组织。', '办公室', '6858512', '', ''),
   (2, '指导残疾人劳动服务机构、盲人按摩机构工作。', '劳动就业服务所', '6791166', '', 'massage_licensing:index'),
   (3, '组织开展残疾人各节日宣传文体活动。', '办公室', '6858512', '', '')]),
 (8,
  '准确调查，掌握残疾人的状况和需求，建档立卡，核发《中华人民共和国残疾人证》。',
  [(1,
    '承担《中华人民共和国残疾人证》的申请办理工作，指定、组织县级（含县级）以上医院或专门医疗机构进行残疾类别和等级评定。',
    '办公室',
    '6858512',
    '',
    'certificates:index'),
   (2, '承担本级残疾人证档案管理工作。', '办公室', '6858512', '', 'certificates:index'),
   (3, '承担残疾人证的遗失补办、换证工作。', '办公室', '6858512', '', 'certificates:index')]),
 (9,
  '协助地税部门征收残疾人就业保障金。',
  [(1, '协助地税部门征收残疾人就业保障金。', '劳动就业服务所', '6791166', '', 'employment_quota:index')]),
 (10, '承担政府交办的其它工作。', [(1, '承担政府交办的其它工作。', '办公室', '6858512', '', '')])]
# (number, service, main content, handled by, phone, page)
SERVICES = [(1,
  '开办盲人保健按摩机构资格认定',
  '对盲人保健按摩机构就业人员、场地、设施进行资格认定',
  '劳动就业服务所',
  '6791166',
  'massage_licensing:index'),
 (2, '《残疾人证》核发', '办理《中华人民共和国残疾人证》；管理本级残疾人证档案；残疾人证的遗失补办、换证', '办证室', '6633005', 'certificates:index'),
 (3,
  '残疾人劳动就业保障金减、缓、免缴的审批',
  '对国家机关、社会团体、企业事业单位、民办非企业单位申请减、缓、免缴残疾人劳动就业保障金的条件进行审批',
  '劳动就业服务所',
  '6791166',
  'levy_relief:index'),
 (4,
  '按比例安排残疾人就业年审',
  '本区内的国家机关、社会团体、企业事业单位、民办非企业单位（以下统称用人单位），应当按照不低于在职职工总人数1.5%的比例安排残疾人就业',
  '劳动就业服务所',
  '6791166',
  'employment_quota:index')]


def load(apps, schema_editor):
    Region = apps.get_model("cdpf", "Region")
    Unit = apps.get_model("duties", "Unit")
    Duty = apps.get_model("duties", "Duty")
    WorkItem = apps.get_model("duties", "WorkItem")
    PublicService = apps.get_model("duties", "PublicService")
    region = Region.objects.get(code=REGION)
    units = {}
    for order, (name, phone) in enumerate(UNITS, 1):
        units[name] = Unit.objects.create(region=region, name=name, phone=phone, order=order)
    for number, text, items in DUTIES:
        duty = Duty.objects.create(region=region, number=number, text=text)
        for order, item, unit, phone, remarks, link in items:
            WorkItem.objects.create(duty=duty, order=order, text=item, unit=units[unit],
                                    phone=phone, remarks=remarks, link_name=link)
    for number, name, content, unit, phone, link in SERVICES:
        PublicService.objects.create(region=region, number=number, name=name, content=content,
                                     unit=units[unit], phone=phone, link_name=link)


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_initial"), ("cdpf", "0002_load_regions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
