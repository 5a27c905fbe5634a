from django.urls import path

from kechuang.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("upload/", views.plan_upload, name="upload"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/review/", views.plan_review, name="review"),
    path("<int:pk>/review/indicators/<int:indicator_pk>/", views.review_indicator, name="review_indicator"),
    path(
        "<int:pk>/review/indicators/<int:indicator_pk>/merge/", views.merge_indicator, name="merge_indicator"
    ),
    path("<int:pk>/review/indicators/<int:indicator_pk>/drop/", views.drop_indicator, name="drop_indicator"),
    path("<int:pk>/review/targets/<int:target_pk>/", views.review_target, name="review_target"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
]
